/** The project configuration file, {@code .kvlint.toml}: found, parsed and checked; the CLI merges it with its options. */
package org.kvlint.config;
