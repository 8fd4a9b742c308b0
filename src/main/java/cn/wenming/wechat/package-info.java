/**
 * The WeChat gateway: the portal endpoint, message signatures and AES, cross-instance
 * deduplication, the 5-second reply budget, one handler per message type that hands the message to the
 * conversation manager, and outbound WeChat API calls (it implements report's notice and media ports).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"conversation", "core", "report :: wechat"})
package cn.wenming.wechat;
