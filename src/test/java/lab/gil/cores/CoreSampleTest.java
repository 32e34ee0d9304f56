package lab.gil.cores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreSampleTest {

    @Test
    void totalIsTheMeanOfTheCores() {
        assertThat(CoreSample.of(1L, new double[] {0.0, 0.5, 1.0, 0.5}).total()).isEqualTo(0.5);
    }

    @Test
    void changingTheInputAfterwardsDoesNotChangeTheSample() {
        double[] array = {0.25, 0.75};
        List<Double> list = new ArrayList<>(List.of(0.25, 0.75));
        CoreSample fromArray = CoreSample.of(1L, array);
        CoreSample fromList = new CoreSample(1L, list, 0.5);
        array[0] = 1.0;
        list.set(0, 1.0);
        assertThat(fromArray.cores()).containsExactly(0.25, 0.75);
        assertThat(fromList.cores()).containsExactly(0.25, 0.75);
    }

    @Test
    void coresCannotBeChangedThroughTheSample() {
        CoreSample sample = CoreSample.of(1L, new double[] {0.5});
        assertThatThrownBy(() -> sample.cores().set(0, 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNaNAndValuesOutsideZeroToOne() {
        assertThatThrownBy(() -> CoreSample.of(1L, new double[] {Double.NaN})).hasMessageContaining("NaN");
        assertThatThrownBy(() -> CoreSample.of(1L, new double[] {1.01})).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> CoreSample.of(1L, new double[] {-0.01})).hasMessageContaining("[0, 1]");
    }

    @Test
    void rejectsATotalThatIsNotTheMean() {
        assertThatThrownBy(() -> new CoreSample(1L, List.of(0.0, 1.0), 0.9)).hasMessageContaining("not the mean");
    }
}
