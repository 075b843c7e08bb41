package io.jvs.bench.maglev;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A minimal x/y chart drawn with Java2D into a {@link BufferedImage} and written as PNG: title, axis
 * labels, ticks with a grid, bar and line series, and a legend. Works in headless mode (the caller sets
 * {@code java.awt.headless=true}); needs no dependency beyond the JDK.
 */
final class PlotCanvas {

    private static final int MARGIN_LEFT = 90;
    private static final int MARGIN_RIGHT = 30;
    private static final int MARGIN_TOP = 60;
    private static final int MARGIN_BOTTOM = 70;

    private final BufferedImage image;
    private final Graphics2D g;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final int plotLeft;
    private final int plotRight;
    private final int plotTop;
    private final int plotBottom;
    private final List<LegendEntry> legend = new ArrayList<>();

    private record LegendEntry(String label, Color color, boolean bar, Stroke stroke) {
    }

    /** How a series of points is drawn. */
    enum LineStyle {
        /** A solid line with markers. */
        SOLID,
        /** A dashed line with markers. */
        DASHED,
        /** Markers only. */
        MARKERS
    }

    /**
     * Creates a canvas with axes, ticks, grid, title and labels drawn.
     *
     * @param width image width, pixels
     * @param height image height, pixels
     * @param title the chart title
     * @param xLabel the x-axis label, with its unit
     * @param yLabel the y-axis label, with its unit
     * @param xMin smallest x shown
     * @param xMax largest x shown
     * @param yMin smallest y shown
     * @param yMax largest y shown
     */
    PlotCanvas(int width, int height, String title, String xLabel, String yLabel, double xMin, double xMax,
            double yMin, double yMax) {
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        this.plotLeft = MARGIN_LEFT;
        this.plotRight = width - MARGIN_RIGHT;
        this.plotTop = MARGIN_TOP;
        this.plotBottom = height - MARGIN_BOTTOM;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        drawGridAndTicks();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        centered(title, (plotLeft + plotRight) / 2.0, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        centered(xLabel, (plotLeft + plotRight) / 2.0, height - 22);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        centered(yLabel, -(plotTop + plotBottom) / 2.0, 24);
        g.setTransform(saved);
    }

    private void drawGridAndTicks() {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        double xStep = niceStep(xMax - xMin);
        for (double x = Math.ceil(xMin / xStep) * xStep; x <= xMax + 1e-9; x += xStep) {
            double px = px(x);
            g.setColor(new Color(225, 225, 225));
            g.draw(new Line2D.Double(px, plotTop, px, plotBottom));
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(px, plotBottom, px, plotBottom + 5));
            centered(label(x, xStep), px, plotBottom + 22);
        }
        double yStep = niceStep(yMax - yMin);
        FontMetrics metrics = g.getFontMetrics();
        for (double y = Math.ceil(yMin / yStep) * yStep; y <= yMax + 1e-9; y += yStep) {
            double py = py(y);
            g.setColor(new Color(225, 225, 225));
            g.draw(new Line2D.Double(plotLeft, py, plotRight, py));
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(plotLeft - 5, py, plotLeft, py));
            String text = label(y, yStep);
            g.drawString(text, plotLeft - 9 - metrics.stringWidth(text), (float) (py + metrics.getAscent() / 2.0 - 2));
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawRect(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop);
        g.setStroke(new BasicStroke(1f));
    }

    /** A step of 1, 2 or 5 times a power of ten giving about six ticks. */
    private static double niceStep(double range) {
        double raw = range / 6;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double nice = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10;
        return nice * power;
    }

    private static String label(double value, double step) {
        if (step >= 1) {
            return Long.toString(Math.round(value));
        }
        int decimals = (int) Math.ceil(-Math.log10(step));
        return String.format("%." + decimals + "f", value);
    }

    private double px(double x) {
        return plotLeft + (x - xMin) / (xMax - xMin) * (plotRight - plotLeft);
    }

    private double py(double y) {
        return plotBottom - (y - yMin) / (yMax - yMin) * (plotBottom - plotTop);
    }

    private void centered(String text, double x, double y) {
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (float) (x - metrics.stringWidth(text) / 2.0), (float) y);
    }

    /**
     * Draws one bar per point, centred on x, from yMin up.
     *
     * @param x the bar centres
     * @param y the bar heights
     * @param width the bar width, in x units
     * @param color the fill
     * @param label the legend text
     */
    void bars(double[] x, double[] y, double width, Color color, String label) {
        g.setColor(color);
        for (int i = 0; i < x.length; i++) {
            double left = px(x[i] - width / 2);
            double right = px(x[i] + width / 2);
            double top = py(y[i]);
            g.fill(new Rectangle2D.Double(left, top, right - left, py(yMin) - top));
        }
        legend.add(new LegendEntry(label, color, true, null));
    }

    /**
     * Draws a round marker on each point, joined by a line unless the style is {@link LineStyle#MARKERS}.
     *
     * @param x the x values
     * @param y the y values
     * @param color the colour
     * @param style how to join the markers
     * @param label the legend text
     */
    void line(double[] x, double[] y, Color color, LineStyle style, String label) {
        Stroke stroke = switch (style) {
            case SOLID -> new BasicStroke(2.5f);
            case DASHED -> new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f);
            case MARKERS -> null;
        };
        g.setColor(color);
        if (stroke != null) {
            g.setStroke(stroke);
            for (int i = 1; i < x.length; i++) {
                g.draw(new Line2D.Double(px(x[i - 1]), py(y[i - 1]), px(x[i]), py(y[i])));
            }
            g.setStroke(new BasicStroke(1f));
        }
        for (int i = 0; i < x.length; i++) {
            g.fillOval((int) Math.round(px(x[i]) - 4.5), (int) Math.round(py(y[i]) - 4.5), 9, 9);
        }
        legend.add(new LegendEntry(label, color, false, stroke));
    }

    /**
     * Draws the legend in the upper left or upper right corner of the plot and writes the PNG.
     *
     * @param file where to write
     * @param legendRight whether the legend goes to the right
     * @throws IOException when the file cannot be written
     */
    void write(Path file, boolean legendRight) throws IOException {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics metrics = g.getFontMetrics();
        int widest = 0;
        for (LegendEntry entry : legend) {
            widest = Math.max(widest, metrics.stringWidth(entry.label()));
        }
        int boxWidth = widest + 56;
        int boxHeight = legend.size() * 22 + 12;
        int boxLeft = legendRight ? plotRight - boxWidth - 12 : plotLeft + 12;
        int boxTop = plotTop + 12;
        g.setColor(new Color(255, 255, 255, 235));
        g.fillRect(boxLeft, boxTop, boxWidth, boxHeight);
        g.setColor(Color.GRAY);
        g.drawRect(boxLeft, boxTop, boxWidth, boxHeight);
        for (int i = 0; i < legend.size(); i++) {
            LegendEntry entry = legend.get(i);
            int rowY = boxTop + 20 + i * 22;
            g.setColor(entry.color());
            if (entry.bar()) {
                g.fillRect(boxLeft + 10, rowY - 11, 28, 12);
            } else {
                if (entry.stroke() != null) {
                    g.setStroke(entry.stroke());
                    g.draw(new Line2D.Double(boxLeft + 10, rowY - 5, boxLeft + 38, rowY - 5));
                    g.setStroke(new BasicStroke(1f));
                }
                g.fillOval(boxLeft + 19, rowY - 10, 9, 9);
            }
            g.setColor(Color.BLACK);
            g.drawString(entry.label(), boxLeft + 46, rowY);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
