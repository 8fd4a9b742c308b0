package cn.wenming.wechat;

import cn.wenming.reach.WeChatRefused;
import cn.wenming.reach.WeChatTags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.WxMpUserTagService;
import me.chanjar.weixin.mp.bean.tag.WxUserTag;
import org.springframework.stereotype.Component;

/** Reach's resident tags through WeChat's tags API (WxJava retries "system busy" once itself). */
@Component
class WeChatUserTags implements WeChatTags {

    private final WxMpService wechat;

    WeChatUserTags(WxMpService wechat) {
        this.wechat = wechat;
    }

    private interface TagCall<T> {
        T call(WxMpUserTagService tags) throws WxErrorException;
    }

    @Override
    public Map<String, Long> tags(String appId) {
        Map<String, Long> out = new LinkedHashMap<>();
        call(appId, WxMpUserTagService::tagGet).forEach(tag -> out.put(tag.getName(), tag.getId()));
        return out;
    }

    @Override
    public long createTag(String appId, String name) {
        WxUserTag created = call(appId, tags -> tags.tagCreate(name));
        return created.getId();
    }

    @Override
    public void tag(String appId, long tagId, List<String> openids) {
        call(appId, tags -> tags.batchTagging(tagId, openids.toArray(String[]::new)));
    }

    @Override
    public void untag(String appId, long tagId, List<String> openids) {
        call(appId, tags -> tags.batchUntagging(tagId, openids.toArray(String[]::new)));
    }

    private <T> T call(String appId, TagCall<T> call) {
        try {
            return call.call(wechat.switchoverTo(appId).getUserTagService());
        } catch (WxErrorException e) {
            throw new WeChatRefused(e.getError().getErrorCode(), "errcode " + e.getError().getErrorCode() + " "
                    + e.getError().getErrorMsg());
        } catch (WxRuntimeException e) {
            throw new WeChatRefused(0, "WeChat did not answer: " + e.getMessage());
        }
    }
}
