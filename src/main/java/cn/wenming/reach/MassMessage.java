package cn.wenming.reach;

/**
 * What a push sends: {@code kind} is {@code text} (content is the text), {@code image} or {@code mpnews}
 * (content is the media_id of an image or a published article in the 素材库).
 */
@org.springframework.modulith.NamedInterface("wechat")
public record MassMessage(String kind, String content) {
}
