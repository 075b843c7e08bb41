package io.jvs.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Key paths as messages print them: {@code services[0].destinations[1].weight}. A key that is not a
 * plain word (letters, digits, {@code -}, {@code _}), such as a neighbour's address, is written in
 * brackets: {@code engine.neighbors[198.51.100.7]}.
 */
public final class KeyPath {

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]+");

    private KeyPath() {
    }

    /**
     * Returns the path of a key inside a mapping.
     *
     * @param parent the mapping's path, empty for the root
     * @param key the key
     * @return the child's path
     */
    public static String child(String parent, String key) {
        if (!WORD.matcher(key).matches()) {
            return parent + "[" + key + "]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /**
     * Returns the path of a list item.
     *
     * @param parent the list's path
     * @param index the item's index, from 0
     * @return the item's path
     */
    public static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /**
     * Splits a path into its steps: keys as strings, list indexes as integers.
     *
     * @param path a path made by {@link #child} and {@link #item}
     * @return the steps, from the root
     */
    public static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                String inside = path.substring(i + 1, end < 0 ? path.length() : end);
                steps.add(inside.matches("\\d+") ? (Object) Integer.valueOf(inside) : inside);
                i = end < 0 ? path.length() : end + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i, end));
                i = end;
            }
        }
        return steps;
    }
}
