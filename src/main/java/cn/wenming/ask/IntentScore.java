package cn.wenming.ask;

/** One intent and how strongly a message resembles its examples (0–1), for ranking and for 试一试. */
public record IntentScore(Intent intent, double score) {
}
