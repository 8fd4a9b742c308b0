package cn.wenming.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Photos as files under {@code <dir>/<first two hex digits>/<sha256>}; several instances share them when
 * the folder is shared storage (NFS…). A photo appears whole or not at all: written aside, then moved.
 */
class FolderPhotoBlobs implements PhotoBlobs {

    private final Path root;

    FolderPhotoBlobs(Path dir) throws IOException {
        this.root = dir.toAbsolutePath();
        Files.createDirectories(root);
    }

    @Override
    public void putIfAbsent(String sha256, String contentType, byte[] bytes) throws IOException {
        Path file = path(sha256);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), sha256, ".part");
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    @Override
    public byte[] read(String sha256) throws IOException {
        return Files.readAllBytes(path(sha256));
    }

    private Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
