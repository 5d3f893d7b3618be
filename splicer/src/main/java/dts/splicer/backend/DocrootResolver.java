package dts.splicer.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a request target to a regular file under the docroot. The path is cut at '?'/'#',
 * percent-decoded (strict UTF-8, no NUL), split into segments, '.' dropped and '..' applied; a
 * '..' above the root is FORBIDDEN. The result is resolved with symlinks (realpath) and must still
 * lie under the real docroot, else FORBIDDEN. A directory maps to its index.html (checked the same
 * way). Anything that is not a regular file is NOT_FOUND.
 */
final class DocrootResolver {
    enum Kind { FILE, NOT_FOUND, FORBIDDEN, BAD_REQUEST }

    record Resolution(Kind kind, Path file, BasicFileAttributes attributes) {
        static Resolution of(Kind kind) { return new Resolution(kind, null, null); }
    }

    private static final String INDEX = "index.html";
    private final Path docroot;

    /** @param docroot a real path (symlinks already resolved) */
    DocrootResolver(Path docroot) { this.docroot = docroot; }

    Resolution resolve(String target) {
        String path = pathOf(target);
        if (path == null) return Resolution.of(Kind.BAD_REQUEST);
        String decoded = percentDecode(path);
        if (decoded == null) return Resolution.of(Kind.BAD_REQUEST);
        List<String> segments = new ArrayList<>();
        for (String seg : decoded.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (segments.isEmpty()) return Resolution.of(Kind.FORBIDDEN);
                segments.removeLast();
                continue;
            }
            segments.add(seg);
        }
        Resolution r = check(docroot.resolve(String.join("/", segments)));
        if (r.kind() == Kind.FILE && r.attributes().isDirectory()) {
            r = check(r.file().resolve(INDEX));
            if (r.kind() == Kind.FILE && !r.attributes().isRegularFile()) return Resolution.of(Kind.NOT_FOUND);
            return r;
        }
        if (r.kind() == Kind.FILE && !r.attributes().isRegularFile()) return Resolution.of(Kind.NOT_FOUND);
        return r;
    }

    /** Real path, containment and attributes; FILE here may still be a directory. */
    private Resolution check(Path candidate) {
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(docroot)) return Resolution.of(Kind.FORBIDDEN);
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Resolution(Kind.FILE, real, attrs);
        } catch (NoSuchFileException e) {
            return Resolution.of(Kind.NOT_FOUND);
        } catch (AccessDeniedException e) {
            return Resolution.of(Kind.FORBIDDEN);
        } catch (IOException | RuntimeException e) {
            return Resolution.of(Kind.NOT_FOUND); // ENOTDIR, ELOOP, name too long, bad path
        }
    }

    /** The absolute path of an origin-form or absolute-form target, without query; null if neither. */
    static String pathOf(String target) {
        String p = target;
        int scheme = p.indexOf("://");
        if (!p.startsWith("/") && scheme > 0 && p.substring(0, scheme).chars().allMatch(Character::isLetter)) {
            int slash = p.indexOf('/', scheme + 3);
            p = slash < 0 ? "/" : p.substring(slash);
        }
        if (!p.startsWith("/")) return null;
        int cut = p.length();
        int q = p.indexOf('?');
        if (q >= 0) cut = q;
        int h = p.indexOf('#');
        if (h >= 0 && h < cut) cut = h;
        return p.substring(0, cut);
    }

    /** Strict percent-decoding to UTF-8; null on a bad escape, bad UTF-8 or a NUL. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s.indexOf('\0') < 0 ? s : null;
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= raw.length) return null;
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) return null;
                b = (byte) (hi << 4 | lo);
                i += 2;
            }
            if (b == 0) return null;
            out.put(b);
        }
        out.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(out).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
