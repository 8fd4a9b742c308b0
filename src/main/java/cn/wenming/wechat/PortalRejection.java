package cn.wenming.wechat;

import org.springframework.http.HttpStatus;

/** A request the portal refuses, with the status that tells the caller why. */
final class PortalRejection extends RuntimeException {

    private final HttpStatus status;

    PortalRejection(HttpStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
