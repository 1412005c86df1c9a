package dev.sealdex.engine.keys;

/** {@code kms_name} names no configured key provider (refused at create, before anything is stored). */
public final class UnknownKeyProviderException extends KeyVaultException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /** No provider is called {@code name}. */
    public UnknownKeyProviderException(String name) {
        super("no KMS provider named '" + name + "' is configured");
        this.name = name;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }
}
