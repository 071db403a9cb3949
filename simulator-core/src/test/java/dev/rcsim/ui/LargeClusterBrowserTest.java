package dev.rcsim.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rcsim.RedisClusterSimulator;
import dev.rcsim.TeachingView;
import dev.rcsim.time.SimClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** A 200-node cluster in the teaching view: one tile per node and one strip per distinct slot map. */
class LargeClusterBrowserTest {

    @Test
    void twoHundredNodesRenderAsTilesAndOneStripPerDistinctSlotMap() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start();
                RedisClusterSimulator cluster = RedisClusterSimulator.builder().masters(100).replicasPerMaster(1).seed(200)
                        .clock(SimClock.simulated()).start()) {
            TeachingView ui = cluster.startUi(0);
            long started = System.nanoTime();
            chromium.driver.get(ui.url());
            HeadlessChromium.until("200 tiles", Duration.ofSeconds(60),
                    () -> ((Long) chromium.js("return document.querySelectorAll('.summary-tiles span').length;")) == 200);
            long renderedMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(chromium.driver.findElement(By.id("summary-note")).getText()).isEqualTo("200 nodes: 1 distinct slot map(s)");
            String owners = (String) chromium.js("return document.querySelector('.map-row .strip').dataset.owners;");
            assertThat(owners.split(" ")).hasSize(100).startsWith("0-163:master:0").endsWith("16220-16383:master:99");

            // a killed master: its tile turns grey, and the nodes flagging it stand out
            cluster.faults().kill(cluster.masters().get(0));
            HeadlessChromium.until("master:0 tile down", Duration.ofSeconds(30),
                    () -> (Boolean) chromium.js("return document.querySelector('.summary-tiles span').className === 'down';"));
            chromium.screenshot("07-200-nodes");
            assertThat(chromium.consoleErrors()).isEmpty();
            System.out.println("rcsim ui: 200 nodes rendered " + renderedMs + " ms after the page was opened");
        }
    }
}
