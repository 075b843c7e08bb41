package io.jvs.plugins.rendezvous;

import io.jvs.spi.DestinationList;
import io.jvs.spi.DestinationView;
import io.jvs.spi.InvalidParameterException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator's destination states, parsed from the parameter text
 * {@code 198.51.100.7:80=draining,198.51.100.8:80=filling}: entries {@code address:port=state}
 * separated by commas or white space; a destination without an entry is {@code active}. Keys may
 * name destinations that are not (yet) members: that is how a destination joins in {@code filling}.
 * Immutable.
 *
 * @param byAddress every entry whose state is not {@code active}, in canonical order
 */
record DestinationStates(Map<DestinationAddress, DestinationState> byAddress) {

    /** No entry: every destination active. */
    static final DestinationStates ALL_ACTIVE = new DestinationStates(Map.of());

    /** Copies the map. */
    DestinationStates {
        byAddress = Collections.unmodifiableMap(new TreeMap<>(byAddress));
    }

    /**
     * Parses the text.
     *
     * @param parameter the parameter's name, for messages
     * @param text the entries; {@code null} or blank means none
     * @return the states
     * @throws InvalidParameterException naming the first bad entry: not {@code key=state}, a key that
     *     is not an address literal with a port, an unknown state word, or a key given twice
     */
    static DestinationStates parse(String parameter, String text) throws InvalidParameterException {
        if (text == null || text.isBlank()) {
            return ALL_ACTIVE;
        }
        Map<DestinationAddress, DestinationState> states = new TreeMap<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw new InvalidParameterException(parameter,
                        "'" + entry + "' is not address:port=state (states: active, draining, filling, inactive)");
            }
            DestinationAddress address = DestinationAddress.parse(entry.substring(0, equals));
            if (address == null) {
                throw new InvalidParameterException(parameter, "'" + entry.substring(0, equals)
                        + "' is not a destination key such as 198.51.100.7:80 or [2001:db8::7]:80");
            }
            DestinationState state = DestinationState.of(entry.substring(equals + 1));
            if (state == null) {
                throw new InvalidParameterException(parameter, "'" + entry.substring(equals + 1)
                        + "' is not a state; states: active, draining, filling, inactive");
            }
            if (states.containsKey(address)) {
                throw new InvalidParameterException(parameter, address + " is given twice");
            }
            states.put(address, state);
        }
        states.values().removeIf(state -> state == DestinationState.ACTIVE);
        return new DestinationStates(states);
    }

    /**
     * Returns a destination's state.
     *
     * @param destination the destination
     * @return its state, {@link DestinationState#ACTIVE} without an entry
     */
    DestinationState of(DestinationView destination) {
        return of(DestinationAddress.of(destination));
    }

    /**
     * Returns the state of an address.
     *
     * @param address the address and port
     * @return its state, {@link DestinationState#ACTIVE} without an entry
     */
    DestinationState of(DestinationAddress address) {
        return byAddress.getOrDefault(address, DestinationState.ACTIVE);
    }

    /**
     * Checks that the members in transition ({@code draining} or {@code filling}) are at most
     * {@code hops - 1}: each needs one hop of its rows for second chance.
     *
     * @param parameter the parameter's name, for messages
     * @param members the service's destinations
     * @param hops the hops per row
     * @throws InvalidParameterException when there are more
     */
    void checkTransitionLimit(String parameter, DestinationList members, int hops) throws InvalidParameterException {
        int inTransition = 0;
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < members.size(); i++) {
            if (of(members.get(i)).inTransition()) {
                inTransition++;
                names.append(names.isEmpty() ? "" : ", ").append(DestinationAddress.of(members.get(i)));
            }
        }
        if (inTransition > hops - 1) {
            throw new InvalidParameterException(parameter, inTransition + " destinations draining or filling ("
                    + names + ") but rows of " + hops + " hops keep connections safe for at most " + (hops - 1)
                    + " at a time; finish a transition first, or use more hops");
        }
    }

    /**
     * Checks that every member whose state changes from this to {@code next} makes a safe transition
     * ({@link DestinationState#canBecome}). Entries for addresses that are not members may change
     * freely.
     *
     * @param parameter the parameter's name, for messages
     * @param next the requested states
     * @param members the service's destinations
     * @throws InvalidParameterException naming the first member with an unsafe transition
     */
    void checkTransitions(String parameter, DestinationStates next, DestinationList members)
            throws InvalidParameterException {
        for (int i = 0; i < members.size(); i++) {
            DestinationAddress address = DestinationAddress.of(members.get(i));
            DestinationState from = of(address);
            DestinationState to = next.of(address);
            if (!from.canBecome(to)) {
                StringBuilder allowed = new StringBuilder();
                for (DestinationState candidate : DestinationState.values()) {
                    if (candidate != from && from.canBecome(candidate)) {
                        allowed.append(allowed.isEmpty() ? "" : " or ").append(candidate.word());
                    }
                }
                throw new InvalidParameterException(parameter, address + ": " + from.word() + " -> " + to.word()
                        + " is not a safe transition; from " + from.word() + " go to " + allowed);
            }
        }
    }

    /**
     * Formats the entries as the parameter text: {@code key=state} joined by commas, canonical order,
     * without {@code active} entries; empty when every destination is active.
     *
     * @return the text
     */
    String text() {
        StringBuilder text = new StringBuilder();
        byAddress.forEach((address, state) ->
                text.append(text.isEmpty() ? "" : ",").append(address).append('=').append(state.word()));
        return text.toString();
    }
}
