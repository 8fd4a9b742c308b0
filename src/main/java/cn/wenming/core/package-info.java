/** Small shared kernel: text normalisation and privacy helpers used by every feature. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package cn.wenming.core;
