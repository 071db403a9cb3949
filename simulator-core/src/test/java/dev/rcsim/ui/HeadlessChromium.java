package dev.rcsim.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's chromium and chromedriver, headless, for the teaching view's browser tests: the tests are
 * skipped (an assumption) when either is missing; .ci/run installs both. The flags keep chromium off
 * the network (this machine's is closed, and a chromium reaching out stalls) and give it a fresh profile.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final List<String> BROWSERS = List.of("/usr/lib/chromium/chromium", "/usr/bin/chromium");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** True when chromium and chromedriver are installed. */
    static boolean installed() {
        return browser() != null && first(DRIVERS) != null;
    }

    /** -Drcsim.chromium=<path> picks another build (or a missing one, to see the tests skip). */
    private static String browser() {
        String p = System.getProperty("rcsim.chromium");
        return first(p != null ? List.of(p) : BROWSERS);
    }

    /** Starts chromium, or skips the calling test when chromium or chromedriver is not installed. */
    static HeadlessChromium start() throws IOException {
        Assumptions.assumeTrue(installed(), "chromium and chromium-driver are not installed");
        String browser = browser();
        String driverExe = first(DRIVERS);
        Path profile = Files.createTempDirectory("rcsim-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(browser);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1500", "--user-data-dir=" + profile);
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driverExe))
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, o), profile);
    }

    private static String first(List<String> paths) {
        for (String p : paths) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Console messages of level SEVERE (errors, uncaught exceptions, failed loads) since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).map(LogEntry::toString).toList();
    }

    /** Saves the viewport as {@code target/ui-screenshots/<name>.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path p = SCREENSHOTS.resolve(name + ".png");
        Files.write(p, driver.getScreenshotAs(OutputType.BYTES));
        return p;
    }

    /** Polls {@code condition} (every 50 ms) until it holds or {@code limit} of wall time passed. */
    static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind
            }
        }
    }
}
