package dev.rcsim.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.TeachingView;
import dev.rcsim.SimNode;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The teaching view in a real headless chromium: the page loads clean, and what a learner does on it
 * (kill a master, cut one off, heal, step the simulated clock) shows on every node's own slot strip as
 * it happens in that node's view. Screenshots of each state go to target/ui-screenshots/.
 */
class TeachingViewBrowserTest {
    private static HeadlessChromium chromium;
    private RedisClusterSimulator cluster;
    private TeachingView ui;

    @BeforeAll
    static void browser() throws Exception {
        if (HeadlessChromium.installed()) {
            chromium = HeadlessChromium.start();
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void cluster() {
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "chromium and chromium-driver are not installed");
        cluster = RedisClusterSimulator.builder().masters(3).replicasPerMaster(1).seed(1515).clock(SimClock.simulated())
                .config("cluster-node-timeout", "2000").start();
        ui = cluster.startUi(0);
        chromium.driver.get(ui.url());
        HeadlessChromium.until("six node rows with a strip each", Duration.ofSeconds(30),
                () -> owners().size() == 6 && owners().values().stream().allMatch(o -> o.split(" ").length == 3));
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            chromium.driver.get("about:blank");
            cluster.close();
        }
    }

    /** Each running node's strip as the page draws it: name -> "start-end:owner[:pfail|:fail] ...". */
    @SuppressWarnings("unchecked")
    private Map<String, String> owners() {
        Object r = chromium.js("const o = {}; for (const row of document.querySelectorAll('#nodes .node-row'))"
                + " if (row.dataset.running === 'true') o[row.dataset.name] = row.querySelector('.strip').dataset.owners || '';"
                + " return o;");
        return new LinkedHashMap<>((Map<String, String>) r);
    }

    private String rowData(String name, String field) {
        return (String) chromium.js("const r = [...document.querySelectorAll('#nodes .node-row')].find(x => x.dataset.name === arguments[0]);"
                + " return r ? r.dataset[arguments[1]] : null;", name, field);
    }

    private long pageTime() {
        return Long.parseLong(String.valueOf(chromium.js("return document.body.dataset.t;")));
    }

    /** Clicks a clock button and waits until the page shows the clock at least where the cluster's is now. */
    private void click(String id) {
        chromium.driver.findElement(By.id(id)).click();
        awaitResult();
        long now = cluster.clock().millis();
        HeadlessChromium.until("the page at t=" + now, Duration.ofSeconds(20), () -> pageTime() >= now);
    }

    /** Waits for the control's answer line, and clears it. */
    private String awaitResult() {
        String[] text = new String[1];
        HeadlessChromium.until("a control's result", Duration.ofSeconds(60), () -> {
            text[0] = (String) chromium.js("return document.getElementById('result').textContent;");
            return text[0] != null && !text[0].endsWith("…") && !text[0].isEmpty();
        });
        chromium.js("document.getElementById('result').textContent = '';");
        return text[0];
    }

    private void clickNodeAction(String name, String action) {
        chromium.driver.findElement(By.cssSelector("#nodes .node-row[data-name='" + name + "'] .act-" + action)).click();
        assertThat(awaitResult()).isEqualTo(action + ": ok");
    }

    /** The page has been drawing ticks since the cluster started, and not one console error. */
    @Test
    void pageLoadsWithEveryNodesStripAndNoConsoleErrors() throws Exception {
        assertThat(owners()).containsOnlyKeys("master:0", "master:1", "master:2", "replica:0.0", "replica:1.0", "replica:2.0");
        assertThat(owners().values()).containsOnly("0-5460:master:0 5461-10922:master:1 10923-16383:master:2");
        assertThat(rowData("master:0", "state")).isEqualTo("ok");
        assertThat(rowData("replica:0.0", "flags")).isEqualTo("myself,slave");
        assertThat(chromium.driver.findElement(By.id("clock-mode")).getText()).isEqualTo("simulated clock, paused");
        chromium.screenshot("01-healthy");
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void killingAMasterShowsItPfailThenFailOnEveryStripAndItsReplicaTakesTheSlots() throws Exception {
        clickNodeAction("master:0", "kill");
        HeadlessChromium.until("master:0 shown down", Duration.ofSeconds(20), () -> "false".equals(rowData("master:0", "running")));
        List<String> observers = List.of("master:1", "master:2", "replica:0.0", "replica:1.0", "replica:2.0");
        Map<String, String> firstSeen = stepUntilFailed(observers, 0, "02-master-killed-pfail");
        assertThat(firstSeen).containsOnlyKeys(observers);
        assertThat(firstSeen.values()).containsOnly("pfail"); // every view flagged it fail? before fail
        chromium.screenshot("03-master-killed-fail");
        for (int i = 0; i < 30 && !allStartWith(observers, "0-5460:replica:0.0 "); i++) {
            click("step-1s");
        }
        assertThat(owners()).containsOnlyKeys(observers);
        assertThat(owners().values()).containsOnly("0-5460:replica:0.0 5461-10922:master:1 10923-16383:master:2");
        assertThat(rowData("replica:0.0", "flags")).isEqualTo("myself,master");
        chromium.screenshot("04-replica-took-the-slots");
        assertThat(chromium.consoleErrors()).isEmpty();
        assertThat(cluster.events().matching(e -> e.type().equals("FAULT") && e.detail().startsWith("kill"))).hasSize(1);
    }

    @Test
    void aPartitionAndAHealShowOnEveryStrip() throws Exception {
        SimNode isolated = cluster.masters().get(1);
        chromium.driver.findElement(By.cssSelector("#partition-nodes input[data-name='master:1']")).click();
        chromium.driver.findElement(By.id("partition")).click();
        assertThat(awaitResult()).isEqualTo("partition: ok");
        List<String> majority = List.of("master:0", "master:2", "replica:0.0", "replica:1.0", "replica:2.0");
        Map<String, String> firstSeen = stepUntilFailed(majority, 1, null);
        assertThat(firstSeen).containsOnlyKeys(majority);
        assertThat(firstSeen.values()).containsOnly("pfail");
        for (int i = 0; i < 30 && !allMiddle(majority, "5461-10922:replica:1.0"); i++) {
            click("step-1s");
        }
        Map<String, String> o = owners();
        for (String obs : majority) {
            assertThat(o.get(obs)).isEqualTo("0-5460:master:0 5461-10922:replica:1.0 10923-16383:master:2");
        }
        // the isolated master's own view: it still owns its slots, flags every other node, and stops serving
        assertThat(o.get("master:1")).startsWith("0-5460:master:0:").contains("5461-10922:master:1 ");
        assertThat(rowData("master:1", "state")).isEqualTo("fail");
        assertThat(rowData("master:1", "flags")).isEqualTo("myself,master");
        chromium.screenshot("05-partitioned");

        chromium.driver.findElement(By.id("heal-all")).click();
        assertThat(awaitResult()).isEqualTo("heal: ok");
        String healed = "0-5460:master:0 5461-10922:replica:1.0 10923-16383:master:2";
        for (int i = 0; i < 60 && !(owners().values().stream().allMatch(healed::equals) && "myself,slave".equals(rowData("master:1", "flags"))
                && "ok".equals(rowData("master:1", "state"))); i++) {
            click("step-1s");
        }
        assertThat(owners().values()).hasSize(6).containsOnly(healed);
        assertThat(rowData("master:1", "flags")).isEqualTo("myself,slave"); // the old master rejoined as a replica
        assertThat(rowData("master:1", "state")).isEqualTo("ok");
        assertThat(isolated.isMaster()).isFalse();
        chromium.screenshot("06-healed");
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void aScenarioIsOneClickWithItsCaptionAndItsRedirectsShowOnThePage() throws Exception {
        SimNode owner = cluster.masterFor("{teach}");
        int slot = dev.rcsim.keyspace.HashSlots.slot("{teach}");
        chromium.driver.findElement(By.id("sc-stuck-resharding")).click();
        assertThat(awaitResult()).isEqualTo("scenario: ok");
        assertThat(chromium.driver.findElement(By.id("caption")).getText()).startsWith("The slot of {teach} is left MIGRATING");
        String ownerName = (String) chromium.js("return [...document.querySelectorAll('#nodes .node-row')]"
                + ".find(r => r.dataset.addr === arguments[0]).dataset.name;", owner.address());
        HeadlessChromium.until("the open slot drawn on its two nodes' strips", Duration.ofSeconds(20), () -> {
            List<?> open = (List<?>) chromium.js("return [...document.querySelectorAll('#nodes .strip')].map(s => s.dataset.open).filter(x => x);");
            return open.size() == 2;
        });
        List<?> open = (List<?>) chromium.js("return [...document.querySelectorAll('#nodes .strip')].map(s => s.dataset.open).filter(x => x);");
        assertThat(open).hasSize(2).anySatisfy(o -> assertThat((String) o).startsWith(slot + "->"))
                .anySatisfy(o -> assertThat((String) o).isEqualTo(slot + "<-" + ownerName));
        // a GET of each key at the owner: the moved half answers ASK, and the page counts them
        chromium.js("document.getElementById('cmd-node').value = arguments[0];", owner.address());
        int asks = 0;
        for (int i = 0; i < 10; i++) {
            var line = chromium.driver.findElement(By.id("cmd-line"));
            line.clear();
            line.sendKeys("GET {teach}:" + i);
            chromium.driver.findElement(By.id("cmd")).click();
            String r = awaitResult();
            asks += r.startsWith("command: (error) ASK " + slot + " ") ? 1 : 0;
        }
        assertThat(asks).isEqualTo(5);
        HeadlessChromium.until("5 ASK in the redirect table", Duration.ofSeconds(20), () -> String.valueOf(chromium.js(
                "return document.getElementById('redirect-counts').textContent;")).contains(ownerName + "05000"));
        chromium.screenshot("08-stuck-resharding-ask");
        chromium.driver.findElement(By.id("heal-all")).click();
        assertThat(awaitResult()).isEqualTo("heal: ok");
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    /**
     * Steps the clock by 100 ms from the page until every observer's strip shows its {@code run}-th run
     * (a master's slots) failed; returns, per observer, the first flag its strip showed on that run
     * ({@code pfail} or {@code fail}). Takes {@code shot} when every observer flags it.
     */
    private Map<String, String> stepUntilFailed(List<String> observers, int run, String shot) throws Exception {
        Map<String, String> firstSeen = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            click("step-100");
            Map<String, String> o = owners();
            boolean allFailed = true;
            for (String obs : observers) {
                String[] runs = o.getOrDefault(obs, "").split(" ");
                String r = runs.length > run ? runs[run] : "";
                if (r.endsWith(":pfail") || r.endsWith(":fail")) {
                    firstSeen.putIfAbsent(obs, r.substring(r.lastIndexOf(':') + 1));
                }
                allFailed &= r.endsWith(":fail");
            }
            if (shot != null && firstSeen.size() == observers.size()) {
                chromium.screenshot(shot);
                shot = null;
            }
            if (allFailed) {
                break;
            }
        }
        return firstSeen;
    }

    private boolean allStartWith(List<String> observers, String prefix) {
        Map<String, String> o = owners();
        return observers.stream().allMatch(x -> o.getOrDefault(x, "").startsWith(prefix));
    }

    private boolean allMiddle(List<String> observers, String run) {
        Map<String, String> o = owners();
        return observers.stream().allMatch(x -> {
            String[] r = o.getOrDefault(x, "").split(" ");
            return r.length > 1 && r[1].equals(run);
        });
    }
}
