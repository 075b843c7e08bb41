package io.jvs.plugins.rendezvous;

import java.util.Locale;

/**
 * The state of one destination in a GLB forwarding table (GLB Director's
 * {@code docs/development/glb-hashing.md}, "Making changes to proxies").
 *
 * <pre>
 *   safe transitions                  why
 *   active   -> draining              start draining: new flows go to the next hop of its rows
 *   draining -> inactive              its connections are gone: leave the table (then remove it)
 *   draining -> filling               cancel a drain: it takes its rows back, the next hop keeps its new flows by second chance
 *   inactive -> filling               join (write the state before adding the destination)
 *   filling  -> active                the connections it displaced are gone
 *   filling  -> draining              cancel a fill
 * </pre>
 *
 * <ul>
 *   <li>{@link #ACTIVE}: in the table, in rendezvous order.</li>
 *   <li>{@link #FILLING}: in the table exactly like {@code active}: where it became first, the
 *       destination that was first is now second and gets, through second chance, the packets of
 *       the connections it still owns. The state only says that such connections may remain.</li>
 *   <li>{@link #DRAINING}: kept in its rows, but moved behind every non-draining destination of
 *       the row, so new flows go to the next hop while its own connections reach it by second
 *       chance.</li>
 *   <li>{@link #INACTIVE}: left out of the table, as if it were not a member.</li>
 * </ul>
 */
enum DestinationState {
    /** In the table in rendezvous order; the default of every destination. */
    ACTIVE,
    /** Moved behind the non-draining destinations of its rows: takes no new flows while others can. */
    DRAINING,
    /** In the table like {@link #ACTIVE}, while the connections it displaced may remain. */
    FILLING,
    /** Not in the table. */
    INACTIVE;

    /** {@return the word used in the parameter text, lower case} */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Tells whether the destination counts against the limit of destinations in transition
     * ({@code draining} or {@code filling}): each of them may need one extra hop in its rows for
     * second chance.
     *
     * @return {@code true} for draining and filling
     */
    boolean inTransition() {
        return this == DRAINING || this == FILLING;
    }

    /**
     * Tells whether a destination in this state may move to {@code next} without breaking
     * connections, as long as at most {@code hops - 1} destinations are in transition.
     *
     * @param next the requested state
     * @return {@code true} for the same state and for the transitions of the diagram
     */
    boolean canBecome(DestinationState next) {
        if (next == this) {
            return true;
        }
        return switch (this) {
            case ACTIVE -> next == DRAINING;
            case DRAINING -> next == INACTIVE || next == FILLING;
            case FILLING -> next == ACTIVE || next == DRAINING;
            case INACTIVE -> next == FILLING;
        };
    }

    /**
     * Parses a state word.
     *
     * @param word {@code active}, {@code draining}, {@code filling} or {@code inactive}
     * @return the state, or {@code null} for any other word
     */
    static DestinationState of(String word) {
        for (DestinationState state : values()) {
            if (state.word().equals(word)) {
                return state;
            }
        }
        return null;
    }
}
