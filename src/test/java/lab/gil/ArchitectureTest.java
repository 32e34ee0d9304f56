package lab.gil;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the packages of the application may depend on each other, read from the compiled classes. */
class ArchitectureTest {

    private static JavaClasses application;

    @BeforeAll
    static void importApplication() {
        application = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lab.gil");
    }

    /**
     * No package reaches itself through others (each subpackage counts as a package of its own: {@code run} and
     * {@code run.web} are two), so that each can be read, changed and tested from the packages below it alone.
     */
    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("lab.gil.(**)").should().beFreeOfCycles().check(application);
    }
}
