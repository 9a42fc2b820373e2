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

    /** Writes the plot of {@code entries} to {@code file}, atomically. */
    public static void write(List<MetricsLog.Entry> entries, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        List<MetricsLog.Entry> finite = entries.stream().filter(e -> Double.isFinite(e.loss())).toList();
        double maxStep = Math.max(1, finite.stream().mapToInt(MetricsLog.Entry::step).max().orElse(1));
        double minLoss = Double.MAX_VALUE;
        double maxLoss = -Double.MAX_VALUE;
        for (MetricsLog.Entry e : finite) {
            for (double v : new double[] {e.loss(), e.evalLoss()}) {
                if (Double.isFinite(v)) {
                    minLoss = Math.min(minLoss, v);
                    maxLoss = Math.max(maxLoss, v);
                }
            }
        }
        if (minLoss > maxLoss) {
            minLoss = 0;
            maxLoss = 1;
        }
        double pad = Math.max(1e-6, (maxLoss - minLoss) * 0.05);
        Axes axes = new Axes(maxStep, minLoss - pad, maxLoss + pad);

        drawAxes(g, axes, title);
        drawSeries(g, axes, finite, MetricsLog.Entry::loss, TRAIN);
        drawSeries(g, axes, finite, MetricsLog.Entry::evalLoss, EVAL);
        drawLegend(g);
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

    private static void drawSeries(Graphics2D g, Axes axes, List<MetricsLog.Entry> entries,
                                   ToDoubleFunction<MetricsLog.Entry> value, Color color) {
        Path2D.Double line = new Path2D.Double();
        boolean started = false;
        for (MetricsLog.Entry e : entries) {
            double v = value.applyAsDouble(e);
            if (!Double.isFinite(v)) {
                continue;
            }
            if (started) {
                line.lineTo(axes.x(e.step()), axes.y(v));
            } else {
                line.moveTo(axes.x(e.step()), axes.y(v));
                started = true;
            }
            g.setColor(color);
            g.fillOval(axes.x(e.step()) - 2, axes.y(v) - 2, 4, 4);
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(line);
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawLegend(Graphics2D g) {
        int x = WIDTH - RIGHT - 150;
        int y = TOP + 10;
        g.setColor(TRAIN);
        g.fillRect(x, y, 14, 4);
        g.setColor(Color.BLACK);
        g.drawString("training loss", x + 20, y + 6);
        g.setColor(EVAL);
        g.fillRect(x, y + 18, 14, 4);
        g.setColor(Color.BLACK);
        g.drawString("evaluation loss", x + 20, y + 24);
    }
}
