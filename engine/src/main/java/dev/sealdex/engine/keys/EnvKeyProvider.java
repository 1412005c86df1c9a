package dev.sealdex.engine.keys;

import java.util.Map;

/**
 * The {@code env} provider: a 32-byte key as 64 hex characters in an environment variable, read
 * on every use from the environment it was given.
 */
public final class EnvKeyProvider extends LocalKeyProvider {

    private final String variable;
    private final Map<String, String> environment;

    /** Provider {@code name} reading {@code variable} from {@code environment}. */
    public EnvKeyProvider(String name, String variable, Map<String, String> environment) {
        super(name);
        this.variable = variable;
        this.environment = environment;
    }

    @Override
    public String type() {
        return "env";
    }

    /** The variable that holds the key. */
    public String variable() {
        return variable;
    }

    @Override
    byte[] loadKey() {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new KeyProviderUnavailableException(name(), "the environment variable " + variable + " is not set");
        }
        byte[] key = parseHex(value);
        if (key == null) {
            throw new KeyProviderUnavailableException(name(), "the environment variable " + variable
                    + " must hold 64 hex characters (a 32-byte key)");
        }
        return key;
    }
}
