package dev.sealdex.engine.db;

import dev.sealdex.engine.crypto.IntegrityException;
import dev.sealdex.engine.keys.CredentialModeException;
import dev.sealdex.engine.keys.IndexKeysNotFoundException;
import dev.sealdex.engine.keys.KeyProviderUnavailableException;
import dev.sealdex.engine.keys.UnknownKeyProviderException;
import dev.sealdex.engine.keys.WrongKeyException;
import dev.sealdex.engine.store.StoreException;
import java.util.function.Supplier;

/** Turns the key vault's refusals and storage failures into the face's exceptions. */
final class KeyErrors {

    private KeyErrors() {
    }

    static <T> T translate(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (WrongKeyException e) {
            throw new InvalidKeyException();
        } catch (CredentialModeException e) {
            throw new KeyModeException(e.getMessage());
        } catch (UnknownKeyProviderException e) {
            throw new KeyModeException("kms_name '" + e.name() + "' names no configured key provider");
        } catch (KeyProviderUnavailableException e) {
            throw new KeyProviderException(e.getMessage(), e);
        } catch (IndexKeysNotFoundException e) {
            throw new StorageCorruptionException("the key material of this index is missing", e);
        } catch (IntegrityException e) {
            throw new StorageCorruptionException("stored key material failed its integrity check", e);
        } catch (StoreException e) {
            throw new StorageUnavailableException(e);
        }
    }
}
