package dev.rcsim.keyspace;

/** Redis's {@code stringmatchlen}: glob matching with *, ?, [...], [^...], ranges and backslash escapes. */
public final class Glob {
    private Glob() {}

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, string, 0, nocase, 0);
    }

    public static boolean matches(String pattern, String s) {
        return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                s.getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
    }

    private static int lower(int b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
        if (depth > 1000) {
            return false;
        }
        int plen = p.length;
        int slen = s.length;
        while (pi < plen && si <= slen) {
            byte pc = p[pi];
            switch (pc) {
                case '*' -> {
                    while (pi + 1 < plen && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == plen) {
                        return true;
                    }
                    for (int k = si; k <= slen; k++) {
                        if (match(p, pi + 1, s, k, nocase, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= slen) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= slen) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < plen && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (pi < plen && p[pi] == '\\' && pi + 1 < plen) {
                            pi++;
                            if (p[pi] == s[si]) {
                                matched = true;
                            }
                        } else if (pi >= plen) {
                            pi--;
                            break;
                        } else if (p[pi] == ']') {
                            break;
                        } else if (pi + 2 < plen && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff;
                            int end = p[pi + 2] & 0xff;
                            int c = s[si] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else {
                            if (nocase ? lower(p[pi]) == lower(s[si]) : p[pi] == s[si]) {
                                matched = true;
                            }
                        }
                        pi++;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < plen) {
                        pi++;
                    }
                    if (si >= slen || !(nocase ? lower(p[pi]) == lower(s[si]) : p[pi] == s[si])) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= slen || !(nocase ? lower(pc) == lower(s[si]) : pc == s[si])) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return pi == plen && si == slen;
    }
}
