package lab.gil.lesson;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns a lesson's Markdown into HTML a page can insert as it is: GFM tables are supported, raw HTML is escaped and
 * unsafe link schemes are dropped, so a lesson file can never inject script into a student's page. Fenced code
 * keeps its {@code language-xxx} class for highlighting. Thread-safe.
 */
final class MarkdownRenderer {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .build();

    String toHtml(String markdown) {
        return renderer.render(parser.parse(markdown));
    }
}
