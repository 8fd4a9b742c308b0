package cn.wenming.reach;

import java.util.List;
import java.util.Map;

/**
 * WeChat's user-tag API as reach needs it; the wechat module implements it. WeChat allows 100 tags per
 * account, 20 per follower and 50 openids per (un)tagging call. Refusals are {@link WeChatRefused}.
 */
@org.springframework.modulith.NamedInterface("wechat")
public interface WeChatTags {

    /** Batch size of tags/members/batchtagging and batchuntagging. */
    int MAX_BATCH = 50;

    /** The account's tags: name → id. */
    Map<String, Long> tags(String appId);

    /** Creates a tag; returns its id. */
    long createTag(String appId, String name);

    /** Gives these followers (at most {@link #MAX_BATCH}) the tag. */
    void tag(String appId, long tagId, List<String> openids);

    /** Takes the tag from these followers (at most {@link #MAX_BATCH}). */
    void untag(String appId, long tagId, List<String> openids);
}
