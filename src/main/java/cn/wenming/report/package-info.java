/**
 * 随手拍: residents' reports of uncivil behaviour and city problems — categories and grid routing
 * from config, the guided chat intake (a {@code ChatFlow}, and the rating offer as another), the H5
 * form, photo storage without EXIF, ticket numbers, history, duplicates nearby, the workflow and the
 * Open311 GeoReport v2 interface. Its named interfaces: {@code grid} (areas and units), {@code figures}
 * (report counts for other dashboards), {@code findings} (problems staff find on 测评 rounds, filed as
 * reports and read back) and {@code wechat} (the ports the WeChat gateway implements).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ask", "console", "conversation", "core", "resident"})
package cn.wenming.report;
