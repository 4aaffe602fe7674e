package org.kvlint.syntax;

import io.github.treesitter.jtreesitter.Language;
import io.github.treesitter.jtreesitter.NativeLibraryLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;

/**
 * Finds the tree-sitter natives that the build compiled from registry sources.
 *
 * <p>Registered as jtreesitter's {@link NativeLibraryLookup} SPI, so the core runtime comes from
 * our own build and never from a system {@code libtree-sitter.so} (Debian's is too old). The
 * libraries are classpath resources: used in place from {@code target/classes}; from the jar,
 * extracted once per version into the user's cache directory ({@link NativesCache}).
 */
public final class TreeSitterNatives implements NativeLibraryLookup {
    private static final String RESOURCE_DIR = "native/linux-x86_64/";
    static final String CORE = "libtree-sitter.so";
    static final String GRAMMAR = "libtree-sitter-c.so";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public TreeSitterNatives() {}

    @Override
    public SymbolLookup get(Arena arena) {
        return SymbolLookup.libraryLookup(Holder.DIR.resolve(CORE), arena);
    }

    /** The tree-sitter-c grammar; loaded once, immutable and shared by all threads. */
    public static Language c() {
        return Holder.C;
    }

    /**
     * The grammar's native {@code const TSLanguage *}, the same one {@link #c()} wraps (what
     * {@code tree_sitter_c()} returns), for {@link CParser}'s direct calls into the C API.
     */
    static MemorySegment cPointer() {
        return Holder.C_POINTER;
    }

    /**
     * kvlint's {@code kvlint_flatten(const TSTreeCursor *, uint32_t *out, uint32_t cap)} in the
     * core library (native/kvlint_flatten.c): a subtree copied into an array in one call. A
     * critical function that may write into a Java array directly: it neither blocks nor calls
     * back, and runs for microseconds to a few milliseconds per item.
     */
    static MethodHandle flatten() {
        return Holder.FLATTEN;
    }

    /** Where the natives are (the core library holds kvlint's own functions too). */
    static Path directory() {
        return Holder.DIR;
    }

    private static final class Holder {
        static final Path DIR = locate();
        private static final SymbolLookup GRAMMAR_LIB = SymbolLookup.libraryLookup(DIR.resolve(GRAMMAR), Arena.global());
        static final Language C = Language.load(GRAMMAR_LIB, "tree_sitter_c");
        static final MemorySegment C_POINTER = languagePointer();
        static final MethodHandle FLATTEN = Linker.nativeLinker().downcallHandle(
                SymbolLookup.libraryLookup(DIR.resolve(CORE), Arena.global()).findOrThrow("kvlint_flatten"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.critical(true));

        private static MemorySegment languagePointer() {
            MethodHandle entry = Linker.nativeLinker().downcallHandle(GRAMMAR_LIB.findOrThrow("tree_sitter_c"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            try {
                return (MemorySegment) entry.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException("tree_sitter_c() failed", e);
            }
        }

        private static Path locate() {
            String override = System.getProperty("treesitter.native.dir");
            if (override != null) {
                return Path.of(override);
            }
            URL core = TreeSitterNatives.class.getClassLoader().getResource(RESOURCE_DIR + CORE);
            if (core == null) {
                throw new IllegalStateException("tree-sitter natives missing from the classpath ("
                        + RESOURCE_DIR + CORE + "): rebuild with ./kvlint or mvn package");
            }
            try {
                if ("file".equals(core.getProtocol())) {
                    return Path.of(core.toURI()).getParent();
                }
                List<NativesCache.Library> libs = new ArrayList<>();
                for (String lib : new String[] {CORE, GRAMMAR}) {
                    URL url = TreeSitterNatives.class.getClassLoader().getResource(RESOURCE_DIR + lib);
                    if (url == null || !(url.openConnection() instanceof JarURLConnection jar)) {
                        throw new IllegalStateException("missing native resource " + lib);
                    }
                    JarEntry entry = jar.getJarEntry();
                    libs.add(new NativesCache.Library(lib, entry.getSize(), entry.getCrc(), () -> {
                        try {
                            return url.openStream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
                }
                String version = TreeSitterNatives.class.getPackage().getImplementationVersion();
                return NativesCache.extract(NativesCache.defaultBase(System.getenv()),
                        version == null ? "dev" : version, libs);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract tree-sitter natives", e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
