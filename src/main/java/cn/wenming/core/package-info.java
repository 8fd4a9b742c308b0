/**
 * Small shared kernel: text normalisation and privacy helpers used by every feature, and the check
 * that the {@code prod} profile starts only with real secrets.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package cn.wenming.core;
