package io.jvs.bench.maglev;

import io.jvs.plugins.maglev.MaglevTable;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws the two Maglev figures of {@code docs/schedulers.md} from {@link MaglevTable#build} and prints
 * their numbers:
 *
 * <ul>
 *   <li>{@code maglev-slot-share.png}: slots owned by each of 40 destinations with weights 1, 2, 3, 4
 *       in turn (M = 65537), against the ideal share M * weight / sum(weights);</li>
 *   <li>{@code maglev-disruption.png}: the share of table entries that change owner when k of 1000
 *       destinations are removed at once, for M = 65537 and M = 655373, against the entries the removed
 *       destinations owned (which must change): the experiment of the paper's Figure 12.</li>
 * </ul>
 *
 * <pre>
 * java -cp framework/bench/target/benchmarks.jar io.jvs.bench.maglev.MaglevPlots docs/img
 * </pre>
 */
public final class MaglevPlots {

    private static final int SHARE_DESTINATIONS = 40;
    private static final int DISRUPTION_DESTINATIONS = 1000;
    private static final int[] REMOVED = {0, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200};
    private static final long REMOVAL_ORDER_SEED = 12;

    private static final Color BLUE = new Color(31, 119, 180);
    private static final Color ORANGE = new Color(255, 127, 14);
    private static final Color GREEN = new Color(44, 160, 44);
    private static final Color GREY = new Color(90, 90, 90);

    private MaglevPlots() {
    }

    /**
     * Writes both PNGs.
     *
     * @param args the output directory; {@code docs/img} when absent
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path directory = Path.of(args.length > 0 ? args[0] : "docs/img");
        slotShare(directory.resolve("maglev-slot-share.png"));
        disruption(directory.resolve("maglev-disruption.png"));
    }

    private static void slotShare(Path file) throws IOException {
        int m = MaglevTable.DEFAULT_SIZE;
        int n = SHARE_DESTINATIONS;
        int[] weights = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = 1 + i % 4;
            total += weights[i];
        }
        int[] table = MaglevTable.build(SyntheticKeys.of(n), weights, m);
        double[] x = new double[n];
        double[] owned = new double[n];
        double[] ideal = new double[n];
        for (int owner : table) {
            owned[owner]++;
        }
        double worst = 0;
        System.out.println("slot share, M=" + m + ", " + n + " destinations, weights 1-4 in turn");
        System.out.println("destination weight slots ideal error%");
        for (int i = 0; i < n; i++) {
            x[i] = i;
            ideal[i] = (double) m * weights[i] / total;
            double error = 100 * (owned[i] - ideal[i]) / ideal[i];
            worst = Math.max(worst, Math.abs(error));
            System.out.printf("%d %d %.0f %.1f %+.3f%n", i, weights[i], owned[i], ideal[i], error);
        }
        System.out.printf("largest deviation from the ideal share: %.3f%%%n%n", worst);
        double maxY = 4.0 * m / total * 1.25;
        PlotCanvas canvas = new PlotCanvas(1000, 560,
                "Maglev slot share: 40 destinations, weights 1,2,3,4 in turn, M = 65537",
                "destination i (key 10.0.0.i:80, weight 1 + i mod 4)", "slots owned", -1, n, 0, maxY);
        canvas.bars(x, owned, 0.7, BLUE, "slots owned (largest deviation " + String.format("%.2f", worst) + "%)");
        canvas.line(x, ideal, ORANGE, PlotCanvas.LineStyle.MARKERS, "ideal share M * weight / sum(weights)");
        canvas.write(file, false);
        System.out.println("wrote " + file);
    }

    private static void disruption(Path file) throws IOException {
        int n = DISRUPTION_DESTINATIONS;
        List<String> keys = SyntheticKeys.of(n);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(REMOVAL_ORDER_SEED));
        double[] x = new double[REMOVED.length];
        for (int i = 0; i < REMOVED.length; i++) {
            x[i] = 100.0 * REMOVED[i] / n;
        }
        int[] sizes = {65537, 655373};
        double[][] changed = new double[sizes.length][REMOVED.length];
        double[][] forced = new double[sizes.length][REMOVED.length];
        System.out.println("disruption, N=" + n + ": k removed at once, % of entries changed (own = the removed ones' entries)");
        System.out.println("M k removed% changed% own% other%");
        for (int s = 0; s < sizes.length; s++) {
            int m = sizes[s];
            int[] weights = new int[n];
            Arrays.fill(weights, 1);
            int[] before = MaglevTable.build(keys, weights, m);
            for (int p = 0; p < REMOVED.length; p++) {
                int[] reduced = weights.clone();
                boolean[] removed = new boolean[n];
                for (int r = 0; r < REMOVED[p]; r++) {
                    reduced[order.get(r)] = 0;
                    removed[order.get(r)] = true;
                }
                int[] after = MaglevTable.build(keys, reduced, m);
                int changedSlots = 0;
                int ownSlots = 0;
                for (int slot = 0; slot < m; slot++) {
                    changedSlots += after[slot] != before[slot] ? 1 : 0;
                    ownSlots += removed[before[slot]] ? 1 : 0;
                }
                changed[s][p] = 100.0 * changedSlots / m;
                forced[s][p] = 100.0 * ownSlots / m;
                System.out.printf("%d %d %.1f %.3f %.3f %.3f%n", m, REMOVED[p], x[p], changed[s][p], forced[s][p],
                        changed[s][p] - forced[s][p]);
            }
        }
        PlotCanvas canvas = new PlotCanvas(1000, 560,
                "Maglev disruption: k of 1000 destinations removed at once (cf. NSDI'16 Fig. 12)",
                "destinations removed, k (% of 1000)", "table entries changed (%)", 0, x[x.length - 1], 0,
                Math.ceil(changed[0][REMOVED.length - 1] / 5) * 5);
        canvas.line(x, changed[0], BLUE, PlotCanvas.LineStyle.SOLID, "changed, M = 65537");
        canvas.line(x, changed[1], GREEN, PlotCanvas.LineStyle.SOLID, "changed, M = 655373");
        canvas.line(x, forced[0], GREY, PlotCanvas.LineStyle.DASHED, "entries of the removed destinations (must change)");
        canvas.write(file, false);
        System.out.println("wrote " + file);
    }
}
