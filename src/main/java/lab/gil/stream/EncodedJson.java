package lab.gil.stream;

/**
 * An event payload that is JSON already, sent as it is: an event relayed from the server that published it, whose
 * encoding must reach the browser byte for byte.
 */
public record EncodedJson(String json) {}
