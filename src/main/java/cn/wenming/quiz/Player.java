package cn.wenming.quiz;

/** Who is answering, on which official account; the same for the chat and the H5 page. */
public record Player(String appId, String openid) {
}
