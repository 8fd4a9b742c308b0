/**
 * Who a resident is on the H5 pages opened inside WeChat: WeChat OAuth ({@code snsapi_base}, the
 * openid from the code exchange) or, in the default development run, a visible dev sign-in.
 * Sessions live in Redis so any instance serves any page.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"core"})
package cn.wenming.resident;
