/**
 * The WeChat gateway: the portal endpoint, message signatures and AES, cross-instance
 * deduplication, the 5-second reply budget, handlers and outbound WeChat API calls.
 */
package cn.wenming.wechat;
