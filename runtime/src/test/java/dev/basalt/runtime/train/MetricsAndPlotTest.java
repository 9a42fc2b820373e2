package dev.basalt.runtime.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsAndPlotTest {

    @TempDir
    Path dir;

    @Test
    void aResumedLogDropsTheStepsAfterTheCheckpoint() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        MetricsLog log = MetricsLog.open(file, 0);
        for (int step = 0; step < 5; step++) {
            log.append(new MetricsLog.Entry(step, 5.0 - step, 1e-3, 1000, step == 2 ? 4.5 : Double.NaN));
        }
        Files.writeString(file, "{\"step\":5,\"lo", java.nio.file.StandardOpenOption.APPEND); // cut by a kill
        MetricsLog resumed = MetricsLog.open(file, 2);
        assertEquals(List.of(0, 1, 2), resumed.entries().stream().map(MetricsLog.Entry::step).toList());
        assertEquals(4.5, resumed.entries().get(2).evalLoss());
        assertEquals(3, Files.readAllLines(file).size());
        assertTrue(Files.readAllLines(file).get(2).contains("\"eval_loss\":4.5"));
    }

    @Test
    void thePlotShowsBothCurvesInTheirColours() throws IOException {
        List<MetricsLog.Entry> entries = new ArrayList<>();
        for (int step = 0; step <= 100; step += 10) {
            entries.add(new MetricsLog.Entry(step, 4 - step / 50.0, 1e-3, 1, step % 50 == 0 ? 4.2 - step / 50.0 : Double.NaN));
        }
        Path png = dir.resolve("loss.png");
        LossCurvePlot.write(entries, "test run", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        int blue = 0;
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                blue += rgb == 0x1f77b4 ? 1 : 0;
                red += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertTrue(blue > 200, "training curve drawn: " + blue);
        assertTrue(red > 100, "evaluation curve drawn: " + red);
    }
}
