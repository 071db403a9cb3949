package dev.rcsim.command;

import dev.rcsim.protocol.Replies;
import dev.rcsim.protocol.RespValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis 7.0.15's key specs (the 9th element of a COMMAND INFO entry) for every command that has
 * any, captured from a real redis-server into {@code command-keyspecs.tsv}: notes, several specs per
 * command (SMOVE's source and destination), keyword and keynum searches, all as Redis sends them.
 * Commands absent from the file have no key specs in Redis, or are rcsim's own.
 */
public final class KeySpecs {
    private KeySpecs() {}

    private static final Map<String, RespValue> SPECS = load();

    /** The key specs of a command or {@code container|sub}, or null when the file has none. */
    public static RespValue of(String fullName) {
        return SPECS.get(fullName);
    }

    private static Map<String, RespValue> load() {
        Map<String, RespValue> out = new HashMap<>();
        try (InputStream in = KeySpecs.class.getResourceAsStream("command-keyspecs.tsv")) {
            if (in == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                int[] pos = {0};
                String resp = line.substring(tab + 1);
                out.put(line.substring(0, tab), parse(resp, pos));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Parses the RESP3 subset the file uses; '|' stands for CRLF. */
    private static RespValue parse(String s, int[] pos) {
        int end = s.indexOf('|', pos[0]);
        char t = s.charAt(pos[0]);
        String head = s.substring(pos[0] + 1, end);
        pos[0] = end + 1;
        switch (t) {
            case '+':
                return Replies.simple(head);
            case ':':
                return Replies.integer(Long.parseLong(head));
            case '$': {
                int n = Integer.parseInt(head);
                String body = s.substring(pos[0], pos[0] + n);
                pos[0] += n + 1;
                return Replies.bulk(body);
            }
            case '*':
            case '~':
            case '%': {
                int n = Integer.parseInt(head) * (t == '%' ? 2 : 1);
                List<RespValue> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(parse(s, pos));
                }
                return t == '%' ? Replies.map(items) : t == '~' ? Replies.set(items) : Replies.array(items);
            }
            default:
                throw new IllegalStateException("command-keyspecs.tsv: unexpected RESP type " + t);
        }
    }
}
