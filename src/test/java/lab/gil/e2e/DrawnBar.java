package lab.gil.e2e;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * How much of a bar the browser painted, read from a screenshot of the bar, not from the markup: a width the page
 * asked for but the browser refused (an inline style under the Content Security Policy) shows here as what it is.
 *
 * @param filled the painted pixels across the bar's middle row: coloured ones, as against its grey track
 * @param width  the bar's width in the screenshot's pixels (device pixels: three per CSS pixel on a phone)
 */
record DrawnBar(int filled, int width) {

    /** A pixel counts as painted when its colour is strong: the bars' blue and orange, never the grey track or white. */
    private static final int PAINTED_SPREAD = 60;

    static DrawnBar of(WebElement bar) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bar.getScreenshotAs(OutputType.BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int y = image.getHeight() / 2;
        int filled = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            int rgb = image.getRGB(x, y);
            int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
            if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > PAINTED_SPREAD) {
                filled++;
            }
        }
        return new DrawnBar(filled, image.getWidth());
    }

    double share() {
        return (double) filled / width;
    }

    @Override
    public String toString() {
        return filled + " of " + width + " px";
    }
}
