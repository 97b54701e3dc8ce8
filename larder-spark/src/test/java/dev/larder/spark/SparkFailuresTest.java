package dev.larder.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.core.BackendException;
import dev.larder.core.InvalidArgumentException;
import dev.larder.core.LarderException;
import dev.larder.core.NotFoundException;
import java.io.FileNotFoundException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Spark's failures become one-line Larder errors naming the setting to change. */
class SparkFailuresTest {
  private static LarderException translate(Throwable e) {
    return SparkFailures.translate("the point-in-time join failed", e);
  }

  @Test
  void executorsOutOfMemoryNameTheMemorySettings() {
    LarderException e =
        translate(
            new SparkException(
                "Job aborted due to stage failure: Task 3 in stage 7.0 failed 4 times, most recent"
                    + " failure: Lost task 3.3 in stage 7.0 (TID 41) (10.0.0.5 executor 2):"
                    + " java.lang.OutOfMemoryError: Java heap space\n\tat ..."));
    assertThat(e).isInstanceOf(BackendException.class);
    assertThat(e.getMessage())
        .isEqualTo("the point-in-time join failed: a Spark executor ran out of memory");
    assertThat(e.hint()).contains("spark.executor.memory").contains("LARDER_JAVA_OPTS=-Xmx");
    assertThat(e.getCause()).isInstanceOf(SparkException.class);
  }

  @Test
  void lostExecutorsNameMaxFailures() {
    LarderException e =
        translate(
            new SparkException(
                "Job aborted due to stage failure: Task 0 in stage 2.0 failed 4 times, most recent"
                    + " failure: Lost task 0.3 in stage 2.0 (TID 9) (127.0.0.1 executor 3):"
                    + " ExecutorLostFailure (executor 3 exited caused by one of the running tasks)"
                    + " Reason: Remote RPC client disassociated."));
    assertThat(e).isInstanceOf(BackendException.class);
    assertThat(e.getMessage())
        .startsWith("the point-in-time join failed: Spark lost its executors")
        .contains("spark.task.maxFailures")
        .doesNotContain("\n");
    assertThat(e.hint()).contains("spark.task.maxFailures");
  }

  @Test
  void tasksFailingTooOftenNameMaxFailures() {
    LarderException e =
        translate(
            new SparkException(
                "Job aborted due to stage failure: Task 1 in stage 4.0 failed 4 times, most recent"
                    + " failure: Lost task 1.3 in stage 4.0: java.io.IOException: boom"));
    assertThat(e).isInstanceOf(BackendException.class);
    assertThat(e.hint()).contains("spark.task.maxFailures");
  }

  @Test
  void unreadableFilesAreNotFoundAndBadValuesAreTheUsers() {
    LarderException missing =
        translate(
            new SparkException(
                "Job aborted",
                new FileNotFoundException("File file:/data/x.parquet does not exist")));
    assertThat(missing).isInstanceOf(NotFoundException.class);
    assertThat(missing.hint()).contains("executors");
    LarderException cast =
        translate(
            new RuntimeException(
                "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to"
                    + " \"BIGINT\" because it is malformed."));
    assertThat(cast).isInstanceOf(InvalidArgumentException.class);
    assertThat(cast.hint()).contains("declared types");
  }

  @Test
  void larderErrorsPassThrough() {
    NotFoundException e = new NotFoundException("x");
    assertThat(translate(e)).isSameAs(e);
  }
}
