/**
 * The staff console's foundation: accounts and roles, form login with throttling, CSRF and Redis
 * sessions, the first admin, the audit log, and the page layout. Features add their own console
 * pages (report workbench, knowledge curation) and record their actions through {@link cn.wenming.console.AuditLog}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"core"})
package cn.wenming.console;
