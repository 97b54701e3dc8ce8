package dev.larder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles and runs the README's Java example, so it cannot rot. */
class ReadmeExampleTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path work;

  @Test
  void readmeJavaExampleCompilesAndRuns() throws IOException, InterruptedException {
    Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    Matcher block = JAVA_BLOCK.matcher(Files.readString(readme));
    assertThat(block.find()).as("README.md has a ```java block").isTrue();
    String source = block.group(1);
    assertThat(source.lines().filter(l -> !l.isBlank() && !l.startsWith("import")).count())
        .as("the example stays short")
        .isLessThanOrEqualTo(16);

    Path src = work.resolve("src/Example.java");
    Path classes = work.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);
    String classpath = System.getProperty("java.class.path");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled =
        javac.run(null, null, null, "-cp", classpath, "-d", classes.toString(), src.toString());
    assertThat(compiled).as("javac exit code").isZero();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-cp", classes + File.pathSeparator + classpath, "Example")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("accuracy");
    assertThat(work.resolve("data/database/sample_data.db")).exists();
  }
}
