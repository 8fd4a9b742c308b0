package cn.wenming.wechat;

import cn.wenming.core.OpsToken;
import cn.wenming.reach.ConditionalMenus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpMenuService;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.menu.WxMpMenu;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ops/wechat/{appid}/menu}: publishes config/menu.json to an account. Never done at
 * start-up, because every instance would push it and a bad edit would reach residents at once.
 * Guarded by the ops token ({@code wenming.ops.token}); without a token configured it is off.
 * {@code {{public-base-url}}} and {@code {{appid}}} in the file become this deployment's H5 address
 * and the account, so one menu file serves every account. Reach's menus by tag follow as WeChat
 * conditional menus, replacing those the account had; a group whose tag is not synced yet is skipped
 * and named in the answer.
 */
@RestController
class MenuController {

    private final WxMpService wechat;
    private final WeChatAccounts accounts;
    private final WeChatProperties properties;
    private final OpsToken opsToken;
    private final String publicBaseUrl;
    private final ConditionalMenus conditionalMenus;

    MenuController(WxMpService wechat, WeChatAccounts accounts, WeChatProperties properties,
            OpsToken opsToken, @Value("${wenming.public-base-url}") String publicBaseUrl,
            ConditionalMenus conditionalMenus) {
        this.conditionalMenus = conditionalMenus;
        this.publicBaseUrl = publicBaseUrl;
        this.wechat = wechat;
        this.accounts = accounts;
        this.properties = properties;
        this.opsToken = opsToken;
    }

    @PostMapping("/ops/wechat/{appid}/menu")
    ResponseEntity<Map<String, Object>> publish(@PathVariable String appid,
            @RequestHeader(name = "Authorization", required = false) String authorization) throws IOException {
        if (!opsToken.admits(authorization)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of("error", "unauthorized", "message", "A valid ops token is required."));
        }
        if (!accounts.appIds().contains(appid)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "unknown_appid", "message", "No such official account."));
        }
        String menu = Files.readString(properties.menuFile(), StandardCharsets.UTF_8);
        ConditionalMenus.Publication byTag = conditionalMenus.conditionalMenus(appid);
        try {
            WxMpMenuService menus = wechat.switchoverTo(appid).getMenuService();
            menus.menuCreate(filled(menu, appid));
            WxMpMenu current = menus.menuGet();
            if (current != null && current.getConditionalMenu() != null) {
                for (WxMpMenu.WxMpConditionalMenu old : current.getConditionalMenu()) {
                    menus.menuDelete(old.getMenuId());
                }
            }
            for (String conditional : byTag.menus()) {
                menus.menuCreate(filled(conditional, appid));
            }
            return ResponseEntity.ok(Map.of("published", true, "appid", appid, "conditionalMenus", byTag.menus().size(),
                    "skippedUntaggedAreas", byTag.skipped()));
        } catch (WxErrorException e) {
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", "wechat_refused",
                    "errcode", e.getError().getErrorCode(), "message", String.valueOf(e.getError().getErrorMsg())));
        }
    }

    private String filled(String menu, String appid) {
        return menu.replace("{{public-base-url}}", publicBaseUrl).replace("{{appid}}", appid);
    }
}
