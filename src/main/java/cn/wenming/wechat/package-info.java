/**
 * The WeChat gateway: the portal endpoint, message signatures and AES, cross-instance
 * deduplication, the 5-second reply budget, handlers and outbound WeChat API calls.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"conversation", "core", "report :: wechat"})
package cn.wenming.wechat;
