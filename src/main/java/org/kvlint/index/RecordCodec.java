package org.kvlint.index;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes kvlint's plain fact values (records of strings, numbers, booleans, enums, lists, sets,
 * maps, optionals and other such records) into compact bytes and back, for the cache.
 *
 * <p>Each value is tagged, and a record or enum by its class name (once per blob, then by index),
 * so the facts' types can change without touching this class: a pack is keyed by the kvlint
 * build, and a blob whose classes no longer fit fails to decode, which the cache treats as
 * damage. Decoding only ever makes records and enums of kvlint's own packages (through their
 * canonical constructors, which keep their invariants), strings, boxed numbers and JDK
 * collections; anything else in a blob is an error, never an instantiation.
 */
final class RecordCodec {
    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int INT = 2;
    private static final int LONG = 3;
    private static final int TRUE = 4;
    private static final int FALSE = 5;
    private static final int ENUM = 6;
    private static final int LIST = 7;
    private static final int SET = 8;
    private static final int MAP = 9;
    private static final int RECORD = 10;
    private static final int INTS = 11;
    private static final int BYTES = 12;
    private static final int OPTIONAL = 13;
    private static final int DOUBLE = 14;
    /** A map in its keys' natural order (a model run's places): rebuilt as one. */
    private static final int SORTED_MAP = 15;

    private static final String PACKAGE = "org.kvlint.";
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private RecordCodec() {}

    /** How one record class is taken apart and built again. */
    /**
     * @param constructor the canonical constructor, taking its arguments as one {@code Object[]}
     *     and returning {@code Object} (spread once here: {@code invokeWithArguments} would adapt
     *     the handle again on every record decoded)
     */
    private record Shape(MethodHandle[] accessors, MethodHandle constructor) {}

    private static Shape shape(Class<?> c) {
        return SHAPES.computeIfAbsent(c, k -> {
            try {
                RecordComponent[] comps = k.getRecordComponents();
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle[] acc = new MethodHandle[comps.length];
                Class<?>[] types = new Class<?>[comps.length];
                for (int i = 0; i < comps.length; i++) {
                    // adapted once to (Object)Object: invoke() would adapt it again on every call
                    acc[i] = lookup.unreflect(comps[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                    types[i] = comps[i].getType();
                }
                MethodHandle ctor = lookup.findConstructor(k, MethodType.methodType(void.class, types));
                return new Shape(acc, ctor.asSpreader(Object[].class, comps.length)
                        .asType(MethodType.methodType(Object.class, Object[].class)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("not a public record: " + k.getName(), e);
            }
        });
    }

    static byte[] encode(Object value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            new Writer(out).write(value);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object decode(byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        Object v = new Reader(in).read(0);
        if (in.hasRemaining()) {
            throw new IllegalStateException("trailing bytes in a fact blob");
        }
        return v;
    }

    private static final class Writer {
        private final DataOutputStream out;
        private final Map<Class<?>, Integer> classes = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void write(Object v) throws IOException {
            switch (v) {
                case null -> out.writeByte(NULL);
                case String s -> {
                    out.writeByte(STRING);
                    string(s);
                }
                case Integer i -> {
                    out.writeByte(INT);
                    out.writeInt(i);
                }
                case Long l -> {
                    out.writeByte(LONG);
                    out.writeLong(l);
                }
                case Double d -> {
                    out.writeByte(DOUBLE);
                    out.writeDouble(d);
                }
                case Boolean b -> out.writeByte(b ? TRUE : FALSE);
                case Enum<?> e -> {
                    out.writeByte(ENUM);
                    type(e.getDeclaringClass());
                    out.writeInt(e.ordinal());
                }
                case int[] a -> {
                    out.writeByte(INTS);
                    out.writeInt(a.length);
                    for (int x : a) {
                        out.writeInt(x);
                    }
                }
                case byte[] a -> {
                    out.writeByte(BYTES);
                    out.writeInt(a.length);
                    out.write(a);
                }
                case Optional<?> o -> {
                    out.writeByte(OPTIONAL);
                    write(o.orElse(null));
                }
                case List<?> l -> {
                    out.writeByte(LIST);
                    out.writeInt(l.size());
                    for (Object x : l) {
                        write(x);
                    }
                }
                case Set<?> s -> {
                    out.writeByte(SET);
                    out.writeInt(s.size());
                    for (Object x : s) {
                        write(x);
                    }
                }
                case java.util.SortedMap<?, ?> m -> {
                    if (m.comparator() != null) {
                        throw new IllegalArgumentException("cannot encode a sorted map with its own order");
                    }
                    out.writeByte(SORTED_MAP);
                    out.writeInt(m.size());
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        write(e.getKey());
                        write(e.getValue());
                    }
                }
                case Map<?, ?> m -> {
                    out.writeByte(MAP);
                    out.writeInt(m.size());
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        write(e.getKey());
                        write(e.getValue());
                    }
                }
                case Record r -> {
                    out.writeByte(RECORD);
                    type(r.getClass());
                    for (MethodHandle a : shape(r.getClass()).accessors()) {
                        try {
                            write((Object) a.invokeExact((Object) r));
                        } catch (IOException | RuntimeException | Error e) {
                            throw e;
                        } catch (Throwable t) {
                            throw new IllegalStateException(t);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("cannot encode a " + v.getClass().getName());
            }
        }

        private void type(Class<?> c) throws IOException {
            if (!c.getName().startsWith(PACKAGE)) {
                throw new IllegalArgumentException("not a kvlint type: " + c.getName());
            }
            Integer known = classes.get(c);
            if (known != null) {
                out.writeInt(known);
            } else {
                classes.put(c, classes.size());
                out.writeInt(-1);
                string(c.getName());
            }
        }

        private void string(String s) throws IOException {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(u.length);
            out.write(u);
        }
    }

    private static final class Reader {
        private static final int MAX_DEPTH = 64;
        private final ByteBuffer in;
        private final List<Class<?>> classes = new ArrayList<>();

        Reader(ByteBuffer in) {
            this.in = in;
        }

        Object read(int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalStateException("fact blob nested too deep");
            }
            int tag = in.get();
            return switch (tag) {
                case NULL -> null;
                case STRING -> string();
                case INT -> in.getInt();
                case LONG -> in.getLong();
                case DOUBLE -> in.getDouble();
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case ENUM -> {
                    Class<?> c = type();
                    Object[] values = c.getEnumConstants();
                    int ordinal = in.getInt();
                    if (values == null || ordinal < 0 || ordinal >= values.length) {
                        throw new IllegalStateException("bad enum value in a fact blob");
                    }
                    yield values[ordinal];
                }
                case INTS -> {
                    int[] a = new int[count(4)];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = in.getInt();
                    }
                    yield a;
                }
                case BYTES -> {
                    byte[] a = new byte[count(1)];
                    in.get(a);
                    yield a;
                }
                case OPTIONAL -> Optional.ofNullable(read(depth + 1));
                case LIST -> {
                    int n = count(1);
                    List<Object> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add(read(depth + 1));
                    }
                    yield Collections.unmodifiableList(l);
                }
                case SET -> {
                    int n = count(1);
                    Set<Object> s = new LinkedHashSet<>();
                    for (int i = 0; i < n; i++) {
                        s.add(read(depth + 1));
                    }
                    yield Collections.unmodifiableSet(s);
                }
                case MAP -> {
                    int n = count(2);
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        m.put(read(depth + 1), read(depth + 1));
                    }
                    yield Collections.unmodifiableMap(m);
                }
                case SORTED_MAP -> {
                    int n = count(2);
                    java.util.TreeMap<Object, Object> m = new java.util.TreeMap<>();
                    for (int i = 0; i < n; i++) {
                        Object k = read(depth + 1);
                        if (!(k instanceof Comparable<?>)) {
                            throw new IllegalStateException("a sorted map's key is not comparable");
                        }
                        m.put(k, read(depth + 1));
                    }
                    yield Collections.unmodifiableSortedMap(m);
                }
                case RECORD -> {
                    Class<?> c = type();
                    if (!c.isRecord()) {
                        throw new IllegalStateException("not a record: " + c.getName());
                    }
                    Shape s = shape(c);
                    Object[] args = new Object[s.accessors().length];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = read(depth + 1);
                    }
                    try {
                        yield (Object) s.constructor().invokeExact(args);
                    } catch (RuntimeException | Error e) {
                        throw new IllegalStateException("cannot rebuild a " + c.getSimpleName() + ": " + e, e);
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                }
                default -> throw new IllegalStateException("bad tag " + tag + " in a fact blob");
            };
        }

        private Class<?> type() {
            int index = in.getInt();
            if (index >= 0) {
                if (index >= classes.size()) {
                    throw new IllegalStateException("bad type index in a fact blob");
                }
                return classes.get(index);
            }
            String name = string();
            if (!name.startsWith(PACKAGE)) {
                throw new IllegalStateException("foreign type in a fact blob: " + name);
            }
            try {
                Class<?> c = Class.forName(name, false, RecordCodec.class.getClassLoader());
                if (!c.isRecord() && !c.isEnum()) {
                    throw new IllegalStateException("not a record or enum: " + name);
                }
                classes.add(c);
                return c;
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("unknown type in a fact blob: " + name, e);
            }
        }

        private String string() {
            int n = count(1);
            String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
            in.position(in.position() + n);
            return s;
        }

        private int count(int unit) {
            int n = in.getInt();
            if (n < 0 || (long) n * unit > in.remaining()) {
                throw new IllegalStateException("bad length in a fact blob");
            }
            return n;
        }
    }
}
