package dev.sealdex.bench.ann;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * Draws recall@10 (x) against QPS (y, log scale) as a PNG with java.awt, headless: one panel for
 * one query at a time on one thread, one for all cores; one line per system, variant and mode,
 * the way ann-benchmarks plots them. Encrypted lines are solid, plain dashed, peers dotted.
 */
final class RecallQpsPlot {

    private static final int PANEL_WIDTH = 760;
    private static final int PLOT_HEIGHT = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int AXIS_LABELS = 50;
    private static final int LEGEND_ROW = 16;
    private static final int LEGEND_COLUMNS = 2;
    private static final Predicate<Report.Curve> LATENCY = c -> c.mode().equals(Report.LATENCY);
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};

    private final Report report;
    private final Map<String, Color> colours = new LinkedHashMap<>();

    /** A plot of {@code report}. */
    RecallQpsPlot(Report report) {
        this.report = report;
        for (Report.Curve curve : report.curves()) {
            colours.computeIfAbsent(curve.system(), s -> PALETTE[colours.size() % PALETTE.length]);
        }
    }

    /** Writes the PNG to {@code file}. */
    void write(Path file) {
        System.setProperty("java.awt.headless", "true");
        long latencyCurves = report.curves().stream().filter(LATENCY).count();
        long rows = (Math.max(latencyCurves, report.curves().size() - latencyCurves) + LEGEND_COLUMNS - 1)
                / LEGEND_COLUMNS;
        int height = TOP + PLOT_HEIGHT + AXIS_LABELS + (int) rows * LEGEND_ROW + 10;
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            panel(g, 0, "One query at a time, 1 thread (" + report.dataset() + ")", LATENCY);
            panel(g, PANEL_WIDTH, "All cores: concurrent clients and batches (" + report.dataset() + ")",
                    LATENCY.negate());
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void panel(Graphics2D g, int x0, String title, Predicate<Report.Curve> include) {
        List<Report.Curve> curves = report.curves().stream().filter(include).filter(c -> !c.points().isEmpty())
                .toList();
        int left = x0 + LEFT;
        int right = x0 + PANEL_WIDTH - RIGHT;
        int top = TOP;
        int bottom = TOP + PLOT_HEIGHT;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, top - 20);
        if (curves.isEmpty()) {
            g.drawString("(nothing measured)", left + 20, (top + bottom) / 2);
            return;
        }
        double minRecall = 1;
        double minQps = Double.MAX_VALUE;
        double maxQps = 0;
        for (Report.Curve curve : curves) {
            for (Report.Point p : curve.points()) {
                minRecall = Math.min(minRecall, p.recall());
                minQps = Math.min(minQps, p.qps());
                maxQps = Math.max(maxQps, p.qps());
            }
        }
        double xMin = Math.max(0, Math.floor(minRecall * 10) / 10 - 0.05);
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(minQps, 1e-3))));
        double yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(maxQps, yMin * 10))));
        Axes axes = new Axes(left, right, top, bottom, xMin, 1.0, Math.log10(yMin), Math.log10(yMax));
        axes.draw(g);
        List<String> legend = new ArrayList<>();
        List<Color> legendColours = new ArrayList<>();
        List<Stroke> legendStrokes = new ArrayList<>();
        for (Report.Curve curve : curves) {
            Color colour = colours.get(curve.system());
            Stroke stroke = stroke(curve);
            g.setColor(colour);
            g.setStroke(stroke);
            // In order of the setting in effect, so the automatic n_probes sits where its value belongs.
            List<Report.Point> sorted = curve.points().stream()
                    .sorted(java.util.Comparator.comparingInt(Report.Point::effective)).toList();
            int[] xs = new int[sorted.size()];
            int[] ys = new int[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                xs[i] = axes.x(sorted.get(i).recall());
                ys[i] = axes.y(Math.log10(sorted.get(i).qps()));
            }
            g.drawPolyline(xs, ys, xs.length);
            g.setStroke(new BasicStroke(1));
            for (int i = 0; i < xs.length; i++) {
                marker(g, curve.mode(), xs[i], ys[i]);
            }
            legend.add(curve.label() + " (" + curve.mode() + ", " + curve.threads() + " thr)");
            legendColours.add(colour);
            legendStrokes.add(stroke);
        }
        drawLegend(g, left, bottom + AXIS_LABELS, right, legend, legendColours, legendStrokes, curves);
    }

    private static Stroke stroke(Report.Curve curve) {
        return switch (curve.variant()) {
            case "encrypted" -> new BasicStroke(2.2f);
            case "plain" -> new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {8, 5}, 0);
            default -> new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {2, 4}, 0);
        };
    }

    private static void marker(Graphics2D g, String mode, int x, int y) {
        switch (mode) {
            case Report.CLIENTS -> g.fillPolygon(new int[] {x - 4, x + 4, x}, new int[] {y + 4, y + 4, y - 4}, 3);
            case Report.BATCH -> g.fillRect(x - 3, y - 3, 7, 7);
            default -> g.fillOval(x - 3, y - 3, 7, 7);
        }
    }

    private static void drawLegend(Graphics2D g, int left, int top, int right, List<String> labels, List<Color> colours,
                                   List<Stroke> strokes, List<Report.Curve> curves) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int columnWidth = (right - left) / LEGEND_COLUMNS;
        for (int i = 0; i < labels.size(); i++) {
            int x = left + (i % LEGEND_COLUMNS) * columnWidth;
            int y = top + (i / LEGEND_COLUMNS) * LEGEND_ROW;
            g.setColor(colours.get(i));
            g.setStroke(strokes.get(i));
            g.drawLine(x, y - 4, x + 28, y - 4);
            g.setStroke(new BasicStroke(1));
            marker(g, curves.get(i).mode(), x + 14, y - 4);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), x + 34, y);
        }
    }

    /** The plotting area: recall on x, log10(QPS) on y. */
    private record Axes(int left, int right, int top, int bottom, double xMin, double xMax, double yMin, double yMax) {

        int x(double recall) {
            return (int) Math.round(left + (recall - xMin) / (xMax - xMin) * (right - left));
        }

        int y(double logQps) {
            return (int) Math.round(bottom - (logQps - yMin) / (yMax - yMin) * (bottom - top));
        }

        void draw(Graphics2D g) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setStroke(new BasicStroke(1));
            for (double r = Math.ceil(xMin * 20) / 20; r <= xMax + 1e-9; r += 0.05) {
                int x = x(r);
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(x, top, x, bottom);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.2f", r), x - 12, bottom + 15);
            }
            for (int decade = (int) yMin; decade <= (int) yMax; decade++) {
                for (int m = 1; m < 10 && decade + Math.log10(m) <= yMax; m++) {
                    int y = y(decade + Math.log10(m));
                    g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xf0f0f0));
                    g.drawLine(left, y, right, y);
                }
                g.setColor(Color.DARK_GRAY);
                String label = String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade));
                g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y(decade) + 4);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, right - left, bottom - top);
            g.drawString("recall@10", (left + right) / 2 - 25, bottom + 32);
            g.rotate(-Math.PI / 2);
            g.drawString("queries per second (log scale)", -(top + bottom) / 2 - 80, left - 60);
            g.rotate(Math.PI / 2);
        }
    }
}
