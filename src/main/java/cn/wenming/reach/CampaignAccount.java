package cn.wenming.reach;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The account the campaign office prints codes for and pushes from: the first of {@code wechat.accounts}. */
@Component
class CampaignAccount {

    private final String appId;

    CampaignAccount(@Value("${wechat.accounts[0].app-id}") String appId) {
        this.appId = appId;
    }

    String appId() {
        return appId;
    }
}
