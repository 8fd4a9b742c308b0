/**
 * 随手拍: residents' reports of uncivil behaviour and city problems — categories and grid routing
 * from config, the guided chat intake, the H5 form, photo storage without EXIF, ticket numbers,
 * history, duplicates nearby, and the Open311 GeoReport v2 interface.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ask", "console", "conversation", "core", "resident"})
package cn.wenming.report;
