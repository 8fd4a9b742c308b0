/**
 * Small shared kernel: text normalisation and privacy helpers used by every feature, the check
 * that the {@code prod} profile starts only with real secrets, and where configured files are read
 * from (disk or the copies packaged in the jar).
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package cn.wenming.core;
