package cn.wenming.report;

import java.io.IOException;

/**
 * Where the cleaned photos' bytes live, keyed by their SHA-256: {@link PhotoStore} decides what may be
 * kept, this only keeps it. {@link PhotoStorageConfiguration} makes the one in use.
 */
interface PhotoBlobs {

    /**
     * Stores the bytes under their hash unless a photo with that hash is there already, and returns only
     * once they are stored: callers acknowledge the photo to the resident afterwards. The same content
     * always has the same key, so a repeat or a race between instances stores one photo.
     */
    void putIfAbsent(String sha256, String contentType, byte[] bytes) throws IOException;

    boolean exists(String sha256) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when no photo has this hash */
    byte[] read(String sha256) throws IOException;
}
