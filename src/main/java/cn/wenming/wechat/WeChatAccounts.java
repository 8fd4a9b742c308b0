package cn.wenming.wechat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** The configured official accounts by appid; an appid we do not serve is a 404. */
@Component
class WeChatAccounts {

    private final Map<String, MessageCrypto> crypto = new LinkedHashMap<>();
    private final Map<String, String> reportTemplates = new HashMap<>();
    private final Map<String, Map<String, String>> reportTemplateFields = new HashMap<>();
    private final Set<String> compatibleMode = new HashSet<>();
    private final Set<String> permanentQrCodes = new HashSet<>();
    private final Set<String> subscriptionAccounts = new HashSet<>();
    private final Map<String, String> progressSubscribeTemplates = new HashMap<>();
    private final Map<String, Map<String, String>> progressSubscribeFields = new HashMap<>();

    WeChatAccounts(WeChatProperties properties) {
        if (properties.accounts() == null || properties.accounts().isEmpty()) {
            throw new IllegalStateException("No official account configured (wechat.accounts)");
        }
        for (WeChatProperties.Account account : properties.accounts()) {
            if (account.appId() == null || account.token() == null) {
                throw new IllegalStateException("Every wechat.accounts entry needs app-id and token");
            }
            crypto.put(account.appId(), new MessageCrypto(account.appId(), account.token(), account.aesKey(),
                    account.previousAesKey()));
            if (account.allowCompatibleMode()) {
                compatibleMode.add(account.appId());
            }
            if (account.permanentQrCodes()) {
                permanentQrCodes.add(account.appId());
            }
            if (account.accountType() == WeChatProperties.AccountType.SUBSCRIPTION) {
                subscriptionAccounts.add(account.appId());
            }
            if (account.progressSubscribeTemplateId() != null && !account.progressSubscribeTemplateId().isBlank()) {
                progressSubscribeTemplates.put(account.appId(), account.progressSubscribeTemplateId());
                progressSubscribeFields.put(account.appId(),
                        TemplateFields.checked(account.appId(), account.progressSubscribeFields()));
            }
            if (account.reportTemplateId() != null && !account.reportTemplateId().isBlank()) {
                reportTemplates.put(account.appId(), account.reportTemplateId());
                reportTemplateFields.put(account.appId(),
                        TemplateFields.checked(account.appId(), account.reportTemplateFields()));
            }
        }
    }

    MessageCrypto crypto(String appId) {
        MessageCrypto found = crypto.get(appId);
        if (found == null) {
            throw new PortalRejection(HttpStatus.NOT_FOUND, "unknown appid");
        }
        return found;
    }

    /**
     * Whether an account with an AES key also takes compatible-mode and plaintext bodies (migration
     * only; {@code wechat.accounts[].allow-compatible-mode}). Meaningless for an account without a key,
     * which takes plaintext only.
     */
    boolean allowsCompatibleMode(String appId) {
        return compatibleMode.contains(appId);
    }

    /** The account's "report progress" template, or null when it has none. */
    String reportTemplateId(String appId) {
        return reportTemplates.get(appId);
    }

    /** Part of a notice → the template's key for it (see {@link TemplateFields}). */
    Map<String, String> reportTemplateFields(String appId) {
        return reportTemplateFields.getOrDefault(appId, TemplateFields.DEFAULTS);
    }

    /** Whether the account makes permanent QR codes ({@code wechat.accounts[].permanent-qr-codes}). */
    boolean makesPermanentQrCodes(String appId) {
        return permanentQrCodes.contains(appId);
    }

    /** Whether the account is a 订阅号 ({@code wechat.accounts[].account-type: subscription}). */
    boolean isSubscription(String appId) {
        return subscriptionAccounts.contains(appId);
    }

    /** The account's 订阅通知 template for report progress, or null when it offers none. */
    String progressSubscribeTemplateId(String appId) {
        return progressSubscribeTemplates.get(appId);
    }

    /** Part of a notice → that template's key for it. */
    Map<String, String> progressSubscribeFields(String appId) {
        return progressSubscribeFields.getOrDefault(appId, TemplateFields.DEFAULTS);
    }

    Set<String> appIds() {
        return crypto.keySet();
    }
}
