package dts.harness.report;

import dts.harness.result.RunResult;
import dts.harness.testing.SampleResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheHtmlAndFourDecodableCharts() throws Exception {
        Path html = Report.write(tmp, SampleResults.fiveSystems());
        String page = Files.readString(html);
        for (String png : Report.CHARTS.keySet()) {
            assertTrue(page.contains("src=\"" + png + "\""), png);
            BufferedImage img = ImageIO.read(tmp.resolve(png).toFile());
            assertNotNull(img, png);
            assertEquals(900, img.getWidth());
            assertEquals(500, img.getHeight());
            assertTrue(Files.size(tmp.resolve(png)) > 10_000, png + " is only " + Files.size(tmp.resolve(png)) + " bytes");
            assertTrue(distinctColours(img) > 8, png + " looks blank");
        }
        assertTrue(page.contains("<td>dts-locality</td>") && page.contains("<td>nginx-proxy</td>"));
    }

    @Test
    void oneResultWithoutDiskReadsOrTrafficStillRenders() throws Exception {
        RunResult empty = RunResult.of("direct", SampleResults.measurement(0)).withDiskReadBytes(java.util.Map.of());
        Report.write(tmp, List.of(empty));
        for (String png : Report.CHARTS.keySet()) assertNotNull(ImageIO.read(tmp.resolve(png).toFile()), png);
    }

    @Test
    void rendersInHeadlessChromiumWithAllCharts() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "report-test")).toAbsolutePath();
        Path html = Report.write(out, SampleResults.fiveSystems());
        String dom = Chromium.dumpDom(html, tmp.resolve("profile"));
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(dom);
        int images = 0;
        while (m.find()) {
            assertTrue(Files.isRegularFile(out.resolve(m.group(1))), m.group(1));
            images++;
        }
        assertEquals(4, images, dom);
        Path shot = out.resolve("screenshot.png");
        Chromium.screenshot(html, shot, tmp.resolve("profile2"));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "screenshot");
        assertEquals(1200, img.getWidth());
        assertTrue(distinctColours(img) > 16, "screenshot looks blank");
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
        }
        return colours.size();
    }
}
