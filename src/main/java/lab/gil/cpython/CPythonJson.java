package lab.gil.cpython;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Teaches the application's JSON mapper a CPython run's figures, as {@code run.measure.WorkerKinds} teaches it each
 * kind's: a finished run kept in the database or published by another server reads back with them.
 */
@Component
class CPythonJson implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        builder.registerSubtypes(CPythonRunFigures.class);
    }
}
