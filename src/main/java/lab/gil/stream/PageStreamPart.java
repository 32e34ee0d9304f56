package lab.gil.stream;

/**
 * One feature's share of a page's one event stream: a bean that reads what the page asked for (its query
 * parameters) and adds its channels. The stream package knows no feature; each feature knows this interface.
 *
 * <p>A part that cannot give what was asked for (a class this browser is not in, a run this server does not
 * know) says so with {@link PageStream#unavailable} instead of refusing the whole stream: the rest of the page
 * still gets its events.
 */
public interface PageStreamPart {

    /** Adds this feature's channels to {@code page} when its request asks for them; does nothing otherwise. */
    void join(PageStream page);
}
