package dev.basalt.runtime.train;

import dev.basalt.api.format.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Draws training and evaluation loss against step as a PNG, with the JDK's own imaging (no extra library). */
public final class LossCurvePlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color EVAL = new Color(214, 39, 40);

    private LossCurvePlot() {
    }

    /** One curve: loss against step, drawn in {@code color}, thin when it is the noisier companion of another. */
    public record Series(String label, Color color, boolean thin, List<double[]> points) {
    }

    /** Distinct colours for several runs on one picture (the first two are the training and evaluation colours). */
    public static final List<Color> PALETTE = List.of(TRAIN, EVAL, new Color(44, 160, 44), new Color(148, 103, 189),
            new Color(255, 127, 14), new Color(140, 86, 75), new Color(227, 119, 194), new Color(23, 190, 207));

    /** Writes the training and evaluation loss of one run to {@code file}, atomically. */
    public static void write(List<MetricsLog.Entry> entries, String title, Path file) throws IOException {
        writeCurves(List.of(new Series("training loss", TRAIN, false, points(entries, MetricsLog.Entry::loss)),
                new Series("evaluation loss", EVAL, false, points(entries, MetricsLog.Entry::evalLoss))), title, file);
    }

    /** The finite values of one metric as (step, value) points. */
    public static List<double[]> points(List<MetricsLog.Entry> entries, ToDoubleFunction<MetricsLog.Entry> value) {
        return entries.stream().filter(e -> Double.isFinite(value.applyAsDouble(e)))
                .map(e -> new double[] {e.step(), value.applyAsDouble(e)}).toList();
    }

    /** Writes several curves on shared axes to {@code file}, atomically. */
    public static void writeCurves(List<Series> series, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        double maxStep = 1;
        double minLoss = Double.MAX_VALUE;
        double maxLoss = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] p : s.points()) {
                maxStep = Math.max(maxStep, p[0]);
                minLoss = Math.min(minLoss, p[1]);
                maxLoss = Math.max(maxLoss, p[1]);
            }
        }
        if (minLoss > maxLoss) {
            minLoss = 0;
            maxLoss = 1;
        }
        double pad = Math.max(1e-6, (maxLoss - minLoss) * 0.05);
        Axes axes = new Axes(maxStep, minLoss - pad, maxLoss + pad);

        drawAxes(g, axes, title);
        series.forEach(s -> drawSeries(g, axes, s));
        drawLegend(g, series);
        g.dispose();

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        AtomicFiles.write(file, channel -> channel.write(ByteBuffer.wrap(png.toByteArray())));
    }

    private record Axes(double maxStep, double low, double high) {
        int x(double step) {
            return LEFT + (int) Math.round(step / maxStep * (WIDTH - LEFT - RIGHT));
        }

        int y(double loss) {
            return TOP + (int) Math.round((high - loss) / (high - low) * (HEIGHT - TOP - BOTTOM));
        }
    }

    private static void drawAxes(Graphics2D g, Axes axes, String title) {
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, TOP - 15);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        for (int i = 0; i <= 5; i++) {
            double loss = axes.low() + (axes.high() - axes.low()) * i / 5;
            int y = axes.y(loss);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT + 1, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f", loss), 10, y + 4);
            double step = axes.maxStep() * i / 5;
            int x = axes.x(step);
            g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5);
            g.drawString(String.valueOf(Math.round(step)), x - 10, HEIGHT - BOTTOM + 20);
        }
        g.drawString("step", WIDTH / 2, HEIGHT - 12);
        g.drawString("loss", 10, TOP - 15 + 0);
    }

    private static void drawSeries(Graphics2D g, Axes axes, Series series) {
        Path2D.Double line = new Path2D.Double();
        g.setColor(series.color());
        for (int i = 0; i < series.points().size(); i++) {
            double[] p = series.points().get(i);
            int x = axes.x(p[0]);
            int y = axes.y(p[1]);
            if (i == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
            if (!series.thin()) {
                g.fillOval(x - 2, y - 2, 4, 4);
            }
        }
        g.setStroke(new BasicStroke(series.thin() ? 0.8f : 1.6f));
        g.draw(line);
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawLegend(Graphics2D g, List<Series> series) {
        int widest = series.stream().mapToInt(s -> g.getFontMetrics().stringWidth(s.label())).max().orElse(0);
        int x = WIDTH - RIGHT - 30 - widest;
        int y = TOP + 10;
        for (Series s : series) {
            g.setColor(s.color());
            g.fillRect(x, y, 14, s.thin() ? 2 : 4);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), x + 20, y + 6);
            y += 18;
        }
    }
}
