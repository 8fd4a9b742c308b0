/**
 * 应知应会 knowledge base: loading and validating {@code knowledge/}, the Lucene index, the
 * answer / suggest / decline decision, and the log of questions it could not answer.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"console", "core"})
package cn.wenming.knowledge;
