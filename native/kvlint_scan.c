/*
 * kvlint's pass over every byte of every scanned file, in C: finds each identifier written in
 * call position (name( or name (, blanks between) and hashes it, and sorts a file's hashes; and,
 * for a file being analysed, finds the identifiers of a set (WordMatcher); and finds a word in a
 * range (Bytes.indexOf, for the facts' look at every small function of a file in every extraction),
 * and the line starts of a file being parsed (SourceText); and lists a directory of the tree walk
 * with the entry types readdir() gives, stating only what it must (TreeWalker). The same in Java
 * (org.kvlint.source.CallScan.JAVA and WordMatcher's reference loop, which the tests compare
 * with) was most of a cold whole-kernel scan's read phase under the C1 compiler; memchr() and
 * tight loops here do it several times faster. The functions but kvlint_list_dir (system calls,
 * an ordinary downcall) only read and write the arrays they are given and neither block nor call
 * back (Java calls them as critical functions, on its own arrays).
 */
#define _GNU_SOURCE /* memmem */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_ident(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* CallScan.hash: FNV-1a over the bytes, finished with murmur3's mixer. */
static uint32_t name_hash(const uint8_t *b, int32_t start, int32_t end) {
    uint32_t h = 0x811c9dc5u;
    for (int32_t i = start; i < end; i++) {
        h = (h ^ b[i]) * 0x01000193u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    return h ^ (h >> 16);
}

static int is_letter(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Java's \s: space, tab, newline, vertical tab, form feed, carriage return. */
static int is_space(uint8_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
}

/* What ends a line for (?m)^ in ISO-8859-1 text: \n, \r, NEL. */
static int is_line_terminator(uint8_t c) {
    return c == '\n' || c == '\r' || c == 0x85;
}

#define DEF_BACK 512
#define DEF_ON 4096

/*
 * Does the name at start follow what a definition's name follows, its type: an identifier byte
 * before it, blanks, line ends and '*' between allowed ("int foo(", "struct x *\nfoo(")? Most
 * names in call position do not ("= foo(", "(foo(", "\tfoo(" after a ';'), and cost no more.
 */
static int after_a_type(const uint8_t *b, int32_t start) {
    int32_t k = start - 1;
    while (k >= 0 && start - k <= DEF_BACK && (is_space(b[k]) || b[k] == '*')) {
        k--;
    }
    return k >= 0 && start - k <= DEF_BACK && is_ident(b[k]);
}

/*
 * CallScan.definitionAt, for a name after_a_type() accepts: is the name b[start, end) that of a
 * function definition, by its shape? A line that starts a declaration (a letter or '_' at its
 * start, none of ;{}() from there to the name; looked for at most DEF_BACK bytes back), the name,
 * blanks, the '(' at paren and, as the first ';' or '{' after it (at stop, len for none; looked
 * for at most DEF_ON bytes on), the '{' of a body with ')' the last blank-free byte before it.
 * The caller finds stop with memchr() cursors that only move forward, and only for names after
 * a type; the look back, bounded, is made only for names followed by a body.
 */
static int definition_at(const uint8_t *b, int32_t start, int32_t paren, int32_t stop, int32_t len) {
    if (stop >= len || stop - paren >= DEF_ON || b[stop] != '{') {
        return 0;
    }
    int32_t j = stop - 1;
    while (j > paren && is_space(b[j])) {
        j--;
    }
    if (j <= paren || b[j] != ')') {
        return 0;
    }
    int32_t floor = start - DEF_BACK;
    for (int32_t k = start - 1; k >= 0 && k >= floor; k--) {
        uint8_t c = b[k];
        if (c == ';' || c == '{' || c == '}' || c == '(' || c == ')') {
            return 0;
        }
        if (is_letter(c) && (k == 0 || is_line_terminator(b[k - 1]))) {
            return 1;
        }
    }
    return 0;
}

/* The offset of the first c in b[from, len), or len. */
static int32_t next_of(const uint8_t *b, int32_t from, int32_t len, uint8_t c) {
    if (from >= len) {
        return len;
    }
    const uint8_t *p = memchr(b + from, c, (size_t)(len - from));
    return p == NULL ? len : (int32_t)(p - b);
}

/*
 * From b[from] on (up to len), for each '(' with an identifier right before it (blanks and tabs
 * between allowed, not starting with a digit), writes three words to out[1 + 3k...]: the name's
 * hash, its start and its end offset, the end as ~end (negative) when the name is that of a
 * function definition (definition_at); out[0] is the number of names written. Stops when out has
 * no room for another name (cap words in all) and returns the offset of the first '(' not looked
 * at, so that the caller continues from there; returns len when the bytes are done.
 */
__attribute__((visibility("default")))
int32_t kvlint_call_names(const uint8_t *b, int32_t from, int32_t len, int32_t *out, int32_t cap) {
    int32_t n = 0;
    int32_t at = from;
    /* the first ';' and the first '{' after the last '(' looked at: they only move forward */
    int32_t semi = -1;
    int32_t brace = -1;
    while (at < len) {
        const uint8_t *p = memchr(b + at, '(', (size_t)(len - at));
        if (p == NULL) {
            break;
        }
        int32_t paren = (int32_t)(p - b);
        if (1 + 3 * (n + 1) > cap) {
            out[0] = n;
            return paren;
        }
        at = paren + 1;
        int32_t end = paren;
        while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        int32_t start = end;
        while (start > 0 && is_ident(b[start - 1])) {
            start--;
        }
        if (start == end || (b[start] >= '0' && b[start] <= '9')) {
            continue;
        }
        out[1 + 3 * n] = (int32_t)name_hash(b, start, end);
        out[2 + 3 * n] = start;
        int definition = 0;
        if (after_a_type(b, start)) {
            if (semi <= paren) {
                semi = next_of(b, paren + 1, len, ';');
            }
            if (brace <= paren) {
                brace = next_of(b, paren + 1, len, '{');
            }
            definition = definition_at(b, start, paren, semi < brace ? semi : brace, len);
        }
        out[3 + 3 * n] = definition ? ~end : end;
        n++;
    }
    out[0] = n;
    return len;
}

/*
 * Sorts a[0, n) ascending as signed ints and removes repeats; returns how many distinct values
 * are left at the front. A radix sort: linear whatever the values, where a file's called names
 * repeat a lot. Its passes cost their buckets whatever n is, so the radix fits the size: eight
 * bits (four passes of 256 buckets) up to 4096 values, the size of most files' calls, eleven
 * (three of 2048) above; a few dozen values are sorted by insertion. Returns -1, a untouched,
 * when memory runs out.
 */
__attribute__((visibility("default")))
int32_t kvlint_distinct_sorted(int32_t *a, int32_t n) {
    if (n <= 1) {
        return n;
    }
    uint32_t *from = (uint32_t *)a;
    uint32_t *scratch = NULL;
    if (n <= 48) {
        for (int32_t i = 1; i < n; i++) {
            int32_t v = a[i];
            int32_t j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    } else {
        scratch = malloc(sizeof(uint32_t) * (size_t)n);
        if (scratch == NULL) {
            return -1;
        }
        int bits = n <= 4096 ? 8 : 11;
        uint32_t mask = (1u << bits) - 1u;
        uint32_t *to = scratch;
        for (int shift = 0; shift < 32; shift += bits) {
            uint32_t count[2048];
            memset(count, 0, sizeof(uint32_t) * (mask + 1u));
            for (int32_t i = 0; i < n; i++) {
                count[((from[i] ^ 0x80000000u) >> shift) & mask]++;
            }
            uint32_t sum = 0;
            for (uint32_t d = 0; d <= mask; d++) {
                uint32_t c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int32_t i = 0; i < n; i++) {
                to[count[((from[i] ^ 0x80000000u) >> shift) & mask]++] = from[i];
            }
            uint32_t *t = from;
            from = to;
            to = t;
        }
    }
    /* the sorted values are in from: a itself (insertion, or an even number of passes) or scratch */
    int32_t m = 0;
    for (int32_t i = 0; i < n; i++) {
        if (m == 0 || (int32_t)from[i] != a[m - 1]) {
            a[m++] = (int32_t)from[i];
        }
    }
    free(scratch);
    return m;
}

/*
 * WordMatcher's pass over a file being analysed: from b[from] on (up to len, from at the start of
 * an identifier or between identifiers), for each identifier (a maximal run of [A-Za-z0-9_] not
 * starting with a digit) of length minLen..maxLen whose name_hash is in table, writes two words
 * to out[1 + 2k...]: its start and its length; out[0] is the number written. table has mask + 1
 * slots, open addressing from slot hash & mask, each slot 0 (empty) or a hash (a hash of 0 is
 * stored and looked up as 1). A hit is a candidate: the caller compares the bytes. Stops when out
 * has no room for another (cap words in all) and returns the start of the identifier not looked
 * at, so that the caller continues from there; returns len when the bytes are done.
 */
__attribute__((visibility("default")))
int32_t kvlint_word_hits(const uint8_t *b, int32_t from, int32_t len, const int32_t *table, int32_t mask,
                         int32_t minLen, int32_t maxLen, int32_t *out, int32_t cap) {
    int32_t n = 0;
    int32_t i = from;
    while (i < len) {
        if (!is_ident(b[i])) {
            i++;
            continue;
        }
        int32_t start = i;
        while (i < len && is_ident(b[i])) {
            i++;
        }
        int32_t l = i - start;
        if (l < minLen || l > maxLen || (b[start] >= '0' && b[start] <= '9')) {
            continue;
        }
        uint32_t h = name_hash(b, start, i);
        if (h == 0) {
            h = 1;
        }
        for (uint32_t s = h & (uint32_t)mask; table[s] != 0; s = (s + 1) & (uint32_t)mask) {
            if ((uint32_t)table[s] == h) {
                if (1 + 2 * (n + 1) > cap) {
                    out[0] = n;
                    return start;
                }
                out[1 + 2 * n] = start;
                out[2 + 2 * n] = l;
                n++;
                break;
            }
        }
    }
    out[0] = n;
    return len;
}

/*
 * The offset of the first occurrence of w[0, wlen) in b[from, to), or -1: Bytes.indexOf, with
 * glibc's memmem(). wlen > 0 and 0 <= from <= to.
 */
__attribute__((visibility("default")))
int32_t kvlint_index_of(const uint8_t *b, int32_t from, int32_t to, const uint8_t *w, int32_t wlen) {
    if (to - from < wlen) {
        return -1;
    }
    const uint8_t *p = memmem(b + from, (size_t)(to - from), w, (size_t)wlen);
    return p == NULL ? -1 : (int32_t)(p - b);
}

/*
 * The offset after every '\n' in b[0, len), in order, into out[0, cap): SourceText's table of line
 * starts (after its first, 0). Returns how many there are; when that is more than cap, only the
 * first cap were written (the caller counts with cap 0 first, then fills).
 */
__attribute__((visibility("default")))
int32_t kvlint_line_starts(const uint8_t *b, int32_t len, int32_t *out, int32_t cap) {
    int32_t n = 0;
    const uint8_t *p = b;
    const uint8_t *end = b + len;
    while (p < end) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            break;
        }
        if (n < cap) {
            out[n] = (int32_t)(nl - b) + 1;
        }
        n++;
        p = nl + 1;
    }
    return n;
}

/*
 * One directory of the tree walk (TreeWalker): lists dir (a NUL-terminated path) with readdir(),
 * using the entry types it gives, and stats (fstatat, no link followed) only the entries whose
 * type it does not give and the .c/.h files, whose identity the index keeps. For each entry but
 * . and .., at most one record into out: a kind byte ('d' a directory, 'f' a regular .c/.h file,
 * 'o' any other .c/.h entry: a link, FIFO, device or socket, which Java looks at itself), the
 * name's length (2 bytes, little-endian) and bytes, and for 'f' its size, mtime in nanoseconds,
 * inode and device (8 bytes each, native order). Entries that vanish meanwhile are left out, as
 * are all other files. Returns the bytes written; -1000000 when out (cap bytes) is too small;
 * -errno when the directory cannot be opened or read (Java then lists it itself, for its message).
 */
static int c_source(const char *name, size_t len) {
    return len >= 2 && name[len - 2] == '.' && (name[len - 1] == 'c' || name[len - 1] == 'h');
}

__attribute__((visibility("default")))
int64_t kvlint_list_dir(const char *dir, uint8_t *out, int64_t cap) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return -(int64_t)errno;
    }
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        int e = errno;
        close(fd);
        return -(int64_t)e;
    }
    int64_t n = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (e == NULL) {
            if (errno != 0) {
                int err = errno;
                closedir(d);
                return -(int64_t)err;
            }
            break;
        }
        const char *name = e->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) {
            continue;
        }
        size_t len = strlen(name);
        int c = c_source(name, len);
        uint8_t kind = 0;
        struct stat st;
        if (e->d_type == DT_DIR) {
            kind = 'd';
        } else if (e->d_type == DT_UNKNOWN || (c && e->d_type == DT_REG)) {
            if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                continue; /* gone meanwhile */
            }
            kind = S_ISDIR(st.st_mode) ? 'd' : !c ? 0 : S_ISREG(st.st_mode) ? 'f' : 'o';
        } else if (c) {
            kind = 'o';
        }
        if (kind == 0) {
            continue;
        }
        int64_t need = 3 + (int64_t)len + (kind == 'f' ? 32 : 0);
        if (len > 0xffff || n + need > cap) {
            closedir(d);
            return -1000000;
        }
        out[n] = kind;
        out[n + 1] = (uint8_t)(len & 0xff);
        out[n + 2] = (uint8_t)(len >> 8);
        memcpy(out + n + 3, name, len);
        if (kind == 'f') {
            int64_t id[4] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
                             (int64_t)st.st_ino, (int64_t)st.st_dev};
            memcpy(out + n + 3 + len, id, sizeof id);
        }
        n += need;
    }
    closedir(d);
    return n;
}
