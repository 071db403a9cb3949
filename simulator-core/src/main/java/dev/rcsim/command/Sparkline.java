package dev.rcsim.command;

import dev.rcsim.server.LatencyEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * LATENCY GRAPH's ASCII sparkline, as Redis's sparkline.c renders it (4 rows, 80 columns, the filled
 * charset "_o#" with '|' below the top, labels "Ns"/"Nm"/"Nh"/"Nd" written vertically under each
 * sample), with the header line of latency.c latencyCommandGenSparkeline.
 */
final class Sparkline {
    private Sparkline() {}

    private static final char[] FILL = {'_', 'o', '#'};
    private static final int COLS = 80;
    private static final int ROWS = 4;

    static String latencyGraph(String event, LatencyEvents.Series ts, long nowSeconds) {
        List<double[]> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        long min = 0;
        long max = 0;
        for (int j = 0; j < LatencyEvents.LEN; j++) {
            int i = (ts.idx + j) % LatencyEvents.LEN;
            if (ts.time[i] == 0) {
                continue;
            }
            long lat = ts.latency[i];
            if (values.isEmpty()) {
                min = max = lat;
            } else {
                max = Math.max(max, lat);
                min = Math.min(min, lat);
            }
            long elapsed = nowSeconds - ts.time[i];
            String label = elapsed < 60 ? elapsed + "s" : elapsed < 3600 ? (elapsed / 60) + "m"
                    : elapsed < 3600 * 24 ? (elapsed / 3600) + "h" : (elapsed / (3600 * 24)) + "d";
            values.add(new double[] {lat});
            labels.add(label);
        }
        StringBuilder g = new StringBuilder();
        g.append(event).append(" - high ").append(max).append(" ms, low ").append(min).append(" ms (all time high ")
                .append(ts.max).append(" ms)\n");
        g.append("-".repeat(COLS)).append('\n');
        double seqMin = 0;
        double seqMax = 0;
        for (int j = 0; j < values.size(); j++) { // sparklineSequenceAddSample's min / else-if max
            double v = values.get(j)[0];
            if (j == 0) {
                seqMin = seqMax = v;
            } else if (v < seqMin) {
                seqMin = v;
            } else if (v > seqMax) {
                seqMax = v;
            }
        }
        for (int j = 0; j < values.size(); j += COLS) {
            int len = Math.min(COLS, values.size() - j);
            if (j != 0) {
                g.append('\n');
            }
            renderRange(g, values, labels, seqMin, seqMax, j, len);
        }
        return g.toString();
    }

    private static void renderRange(StringBuilder out, List<double[]> values, List<String> labels, double min, double max,
            int offset, int len) {
        double relmax = max - min;
        if (relmax == 0) {
            relmax = 1;
        }
        int steps = FILL.length * ROWS;
        int row = 0;
        boolean loop = true;
        char[] chars = new char[len];
        while (loop) {
            loop = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                double relval = values.get(j + offset)[0] - min;
                int step = (int) ((int) (relval * steps) / relmax);
                if (step < 0) {
                    step = 0;
                }
                if (step >= steps) {
                    step = steps - 1;
                }
                if (row < ROWS) {
                    int charidx = step - ((ROWS - row - 1) * FILL.length);
                    loop = true;
                    if (charidx >= 0 && charidx < FILL.length) {
                        chars[j] = FILL[charidx];
                    } else if (charidx >= FILL.length) {
                        chars[j] = '|';
                    }
                } else {
                    if (row - ROWS < 1) { // label_margin_top: one blank row before the labels
                        loop = true;
                        break;
                    }
                    String label = labels.get(j + offset);
                    int labelChar = row - ROWS - 1;
                    if (label.length() > labelChar) {
                        loop = true;
                        chars[j] = label.charAt(labelChar);
                    }
                }
            }
            if (loop) {
                row++;
                out.append(chars).append('\n');
            }
        }
    }
}
