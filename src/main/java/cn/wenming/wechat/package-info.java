/**
 * The WeChat gateway: the portal endpoint, message signatures and AES, cross-instance
 * deduplication, the 5-second reply budget, one handler per message type that hands the message to the
 * conversation manager, and outbound WeChat API calls (it implements report's notice and media ports, and
 * reach's mass messages, whose MASSSENDJOBFINISH events it announces).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"conversation", "core", "reach :: wechat", "report :: wechat"})
package cn.wenming.wechat;
